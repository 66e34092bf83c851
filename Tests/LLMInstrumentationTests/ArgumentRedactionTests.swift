import Foundation
import Testing

@testable import LLMInstrumentation

@Suite("Argument redaction")
struct ArgumentRedactionTests {
    private func arguments(_ span: RecordedSpan) -> [String: String] {
        Dictionary(span.arguments.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    @Test("by default, secret-looking arguments are masked in every spelling; the others are kept")
    func defaultMasksSecrets() throws {
        let (dispatcher, spans, _) = TestHierarchy().observed("redaction.default")
        _ = dispatcher.span(
            "call",
            arguments: [
                "query": "swift", "apiKey": "sk-1", "api_key": "sk-2", "Authorization": "Bearer x", "pass_word": "p",
                "topK": 3,
            ]
        ) { 1 }
        let recorded = arguments(try #require(spans.completedSpans.first))
        #expect(recorded["query"] == "swift")
        #expect(recorded["topK"] == "3")
        for name in ["apiKey", "api_key", "Authorization", "pass_word"] {
            #expect(recorded[name] == "[REDACTED]", "\(name)")
        }
    }

    @Test("manual spans are redacted on entry, exit and drop")
    func manualSpans() throws {
        let hierarchy = TestHierarchy()
        let (dispatcher, _, _) = hierarchy.observed("redaction.manual")
        let exits = LockedValue<[BoundArguments]>([])
        struct ExitRecorder: SpanHandler {
            let exits: LockedValue<[BoundArguments]>
            func newSpan(_ entry: SpanEntry) -> SimpleSpan? {
                exits.withLock { $0.append(entry.boundArguments) }
                return SimpleSpan(id: entry.id)
            }
            func prepareToExitSpan(_ span: SimpleSpan, exit: SpanExit) {
                exits.withLock { $0.append(exit.boundArguments) }
            }
            func prepareToDropSpan(_ span: SimpleSpan, drop: SpanDrop) {
                exits.withLock { $0.append(drop.boundArguments) }
            }
        }
        dispatcher.addSpanHandler(ExitRecorder(exits: exits))
        let secret: BoundArguments = ["password": "hunter2", "user": "ana"]
        dispatcher.spanEnter(id: "a-1", boundArguments: secret)
        dispatcher.spanExit(id: "a-1", boundArguments: secret, result: 1)
        dispatcher.spanEnter(id: "b-1", boundArguments: secret)
        dispatcher.spanDrop(id: "b-1", boundArguments: secret, error: CancellationError())
        let seen = exits.withLock { $0 }
        #expect(seen.count == 4)
        for arguments in seen {
            #expect(arguments["password"] as? String == "[REDACTED]")
            #expect(arguments["user"] as? String == "ana")
        }
    }

    @Test("names of your own, dropping instead of masking, inheritance by descendants, and disabled")
    func configuration() throws {
        let hierarchy = TestHierarchy()
        let parent = hierarchy.dispatcher("app")
        let (child, spans, _) = hierarchy.observed("app.rag")
        parent.argumentRedaction = ArgumentRedaction(names: ["email"], treatment: .drop)
        _ = child.span("lookup", arguments: ["email": "a@b.c", "apiKey": "k", "id": 7]) { 1 }
        #expect(arguments(try #require(spans.completedSpans.last)) == ["apiKey": "k", "id": "7"])
        #expect(child.argumentRedaction?.names == ["email"])

        child.argumentRedaction = .disabled
        _ = child.span("lookup", arguments: ["email": "a@b.c"]) { 1 }
        #expect(
            arguments(try #require(spans.completedSpans.last)) == ["email": "a@b.c"],
            "\(spans.completedSpans.map(\.arguments))"
        )

        child.argumentRedaction = nil
        parent.argumentRedaction = .default.adding(["email"])
        _ = child.span("lookup", arguments: ["e-mail": "a@b.c", "token": "t", "id": 7]) { 1 }
        #expect(
            arguments(try #require(spans.completedSpans.last)) == [
                "e-mail": "[REDACTED]", "token": "[REDACTED]", "id": "7",
            ]
        )
    }

    @Test("a custom redaction function rewrites or leaves out arguments")
    func customFunction() throws {
        let (dispatcher, spans, _) = TestHierarchy().observed("redaction.custom")
        dispatcher.argumentRedaction = ArgumentRedaction { argument in
            if argument.name == "card" { return BoundArguments.Argument(name: "card", value: "****") }
            return argument.name.hasPrefix("internal") ? nil : argument
        }
        _ = dispatcher.span("pay", arguments: ["card": "4111111111111111", "internalTrace": "x", "amount": 12]) { 1 }
        #expect(arguments(try #require(spans.completedSpans.first)) == ["card": "****", "amount": "12"])
    }

    @Test("secrets never reach an exported trace file")
    func exportedFileHasNoSecrets() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("redaction-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("trace.jsonl")
        let dispatcher = TestHierarchy().dispatcher("redaction.export")
        let exporter = try JSONLinesExporter(url: url)
        exporter.install(on: dispatcher)
        _ = dispatcher.span("call", arguments: ["apiKey": "sk-live-123456", "question": "why?"]) { "ok" }
        exporter.close()
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(!text.contains("sk-live-123456"))
        #expect(text.contains("[REDACTED]") && text.contains("why?"))
    }

    @Test("name matching ignores case, underscores and dashes, and nothing else")
    func nameMatching() {
        let redaction = ArgumentRedaction.default
        for name in [
            "apiKey", "APIKEY", "api-key", "api_key", "Api_Key", "clientSecret", "client_secret", "privateKey",
            "Cookie",
        ] {
            #expect(redaction.redacts(name), "\(name)")
        }
        for name in ["apiKeys", "query", "tokens", "maxTokens", "passwordHint", "key", ""] {
            #expect(!redaction.redacts(name), "\(name)")
        }
    }
}

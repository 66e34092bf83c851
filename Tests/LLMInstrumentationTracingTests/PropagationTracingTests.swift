import Foundation
import InMemoryLogging
import InMemoryTracing
import LLMInstrumentation
import LLMInstrumentationTracing
import Logging
import Testing
import Tracing

@Suite("Traces continue across processes")
struct PropagationTracingTests {
    /// A second "process": its own registry and a tracer whose ids cannot be mistaken for the
    /// first's.
    static func remoteWorld() -> TracedWorld {
        let traceIDs = Counter()
        let spanIDs = Counter()
        let generator = InMemoryTracer.IDGenerator(
            nextTraceID: { "b-trace-\(traceIDs.next())" },
            nextSpanID: { "b-span-\(spanIDs.next())" }
        )
        return TracedWorld(name: "service", tracer: InMemoryTracer(idGenerator: generator))
    }

    @Test("capture in one process, restore in another: the remote span is the parent of the next spans")
    func roundTrip() throws {
        let client = TracedWorld(name: "client")
        let header = client.dispatcher.span("callSearch") {
            withInstrumentTags(["user": "ada"]) { client.dispatcher.capturePropagationContext().jsonString() }
        }
        let caller = try client.span("callSearch")
        let captured = try PropagationContext(jsonString: header)
        #expect(captured.values[InMemoryTracer.traceIDKey] == .string(caller.traceID))
        #expect(captured.values[InMemoryTracer.spanIDKey] == .string(caller.spanID))

        let service = Self.remoteWorld()
        try service.dispatcher.restorePropagationContext(captured) {
            try service.dispatcher.span("search") { () throws in
                service.dispatcher.span("rank") {}
            }
        }
        let search = try service.span("search")
        let rank = try service.span("rank")
        #expect(search.traceID == caller.traceID)
        #expect(search.parentSpanID == caller.spanID)
        #expect(rank.parentSpanID == search.spanID)
        #expect(rank.traceID == caller.traceID)
        #expect(search.string("user") == "ada")
        #expect(service.bridge.statistics.remoteContextCount == 1)
        #expect(service.tracer.performedContextExtractions.count == 1)
    }

    @Test("a context captured in a restored context, before any local span, continues the remote trace")
    func relay() throws {
        let client = TracedWorld(name: "client")
        let first = client.dispatcher.span("call") { client.dispatcher.capturePropagationContext() }
        let relay = Self.remoteWorld()
        let second = relay.dispatcher.restorePropagationContext(first) { relay.dispatcher.capturePropagationContext() }
        #expect(second.values[InMemoryTracer.spanIDKey] == first.values[InMemoryTracer.spanIDKey])
        #expect(second.values[InMemoryTracer.traceIDKey] == first.values[InMemoryTracer.traceIDKey])
    }

    @Test("outside any span, the capture has no trace context of the bridge's")
    func nothingToCapture() {
        let world = TracedWorld()
        let captured = world.dispatcher.capturePropagationContext()
        #expect(captured.values[InMemoryTracer.traceIDKey] == nil)
        #expect(captured.values[PropagationContext.spanIDKey] == nil)
    }

    @Test("a malformed traceparent is ignored with a diagnostic; the rest of the context applies")
    func malformedTraceparent() throws {
        let service = Self.remoteWorld()
        for bad: JSONValue in ["00-nothex-zz-01", "00-00000000000000000000000000000000-b7ad6b7169203331-01", 42] {
            let context = PropagationContext(values: [
                "traceparent": bad, "tracestate": "vendor=1",
                PropagationContext.spanIDKey: "Client.call-remote", PropagationContext.tagsKey: ["user": "ada"],
            ])
            service.dispatcher.restorePropagationContext(context) {
                service.dispatcher.span("handle") {}
            }
        }
        let spans = service.finished("handle")
        #expect(spans.count == 3)
        #expect(spans.allSatisfy { $0.parentSpanID == nil })
        #expect(spans.allSatisfy { $0.string("user") == "ada" })
        #expect(service.bridge.statistics.malformedTraceContextCount == 3)
        #expect(service.bridge.statistics.remoteContextCount == 0)
        let warnings = service.bridgeLogs.entries.filter { $0.message.description.contains("malformed traceparent") }
        #expect(warnings.count == 3)
        #expect(warnings.first?.level == .warning)
        #expect(warnings.first?.metadata["active_span_id"] == "Client.call-remote")
        #expect(service.tracer.performedContextExtractions.isEmpty, "nothing else was left to extract")
    }

    @Test("a well-formed traceparent passes the check and reaches the tracer's extract")
    func wellFormedTraceparent() {
        let service = Self.remoteWorld()
        let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let context = PropagationContext(values: [
            "traceparent": .string(traceparent), PropagationContext.spanIDKey: "Client.call-1",
        ])
        _ = service.dispatcher.restorePropagationContext(context)
        #expect(service.bridge.statistics.malformedTraceContextCount == 0)
        let extraction = service.tracer.performedContextExtractions.first
        #expect((extraction?.carrier as? [String: String])?["traceparent"] == traceparent)
    }

    @Test("the table of remote parents is bounded, oldest evicted first")
    func remoteTableBound() throws {
        let client = TracedWorld(name: "client")
        let contexts = (0..<3).map { index in
            client.dispatcher.span("call\(index)") { client.dispatcher.capturePropagationContext() }
        }
        let service = TracedWorld(name: "service", configuration: TracingConfiguration(maximumRemoteContexts: 2))
        for context in contexts { _ = service.dispatcher.restorePropagationContext(context) }
        #expect(service.bridge.statistics.remoteContextCount == 2)
        #expect(service.bridge.statistics.evictedRemoteContextCount == 1)
        service.dispatcher.restorePropagationContext(contexts[0]) { service.dispatcher.span("late") {} }
        service.dispatcher.restorePropagationContext(contexts[2]) { service.dispatcher.span("recent") {} }
        #expect(try service.span("recent").parentSpanID == client.span("call2").spanID)
        // The first context was evicted, then restored again: it evicted the second.
        #expect(try service.span("late").parentSpanID == client.span("call0").spanID)
        #expect(service.bridge.statistics.evictedRemoteContextCount == 2)
    }

    @Test("inject and extract over a [String: String] carrier continue the trace with its tags")
    func httpRoundTrip() throws {
        let client = TracedWorld(name: "client")
        var headers: [String: String] = [:]
        client.dispatcher.span("callSearch") {
            withInstrumentTags(["user": "café 🚀", "request": "r-1"]) {
                client.dispatcher.injectPropagationContext(into: &headers, using: DictionaryInjector())
            }
        }
        let caller = try client.span("callSearch")
        #expect(headers[InMemoryTracer.traceIDKey] == caller.traceID)
        #expect(headers[InMemoryTracer.spanIDKey] == caller.spanID)
        let json = try #require(headers[Dispatcher.propagationContextHeader])
        #expect(json.utf8.allSatisfy { (0x20...0x7E).contains($0) }, "the JSON header is printable ASCII")

        let service = Self.remoteWorld()
        let extracted = service.dispatcher.extractPropagationContext(from: headers, using: DictionaryExtractor())
        #expect(extracted.values[PropagationContext.tagsKey] == ["user": "café 🚀", "request": "r-1"])
        #expect(extracted.values[PropagationContext.spanIDKey]?.stringValue?.hasPrefix("callSearch-") == true)
        try service.dispatcher.restorePropagationContext(extracted) {
            try service.dispatcher.span("search") { () throws in }
        }
        let search = try service.span("search")
        #expect(search.parentSpanID == caller.spanID)
        #expect(search.traceID == caller.traceID)
        #expect(search.string("user") == "café 🚀")
    }

    @Test("a trace header of its own wins over its copy in the JSON header")
    func separateHeaderWins() {
        let client = TracedWorld(name: "client")
        var headers: [String: String] = [:]
        client.dispatcher.span("call") {
            client.dispatcher.injectPropagationContext(into: &headers, using: DictionaryInjector())
        }
        headers[InMemoryTracer.spanIDKey] = "rewritten-by-proxy"
        let extracted = client.dispatcher.extractPropagationContext(from: headers, using: DictionaryExtractor())
        #expect(extracted.values[InMemoryTracer.spanIDKey] == "rewritten-by-proxy")
    }

    @Test("a W3C traceparent alone (from any OpenTelemetry client) makes the remote span the active span")
    func w3cOnly() {
        let service = Self.remoteWorld()
        let headers = [
            "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "tracestate": "vendor=1",
            "unrelated": "x",
        ]
        let extracted = service.dispatcher.extractPropagationContext(from: headers, using: DictionaryExtractor())
        #expect(
            extracted.values == [
                "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "tracestate": "vendor=1",
                PropagationContext.spanIDKey: "remote-00f067aa0ba902b7",
            ]
        )
        let malformed = service.dispatcher.extractPropagationContext(
            from: ["traceparent": "garbage"],
            using: DictionaryExtractor()
        )
        #expect(malformed.values == ["traceparent": "garbage"])
    }

    @Test("a malformed JSON header is ignored with a warning")
    func malformedHeader() {
        let world = TracedWorld()
        let logs = InMemoryLogHandler()
        let extracted = world.dispatcher.extractPropagationContext(
            from: [Dispatcher.propagationContextHeader: "{not json"],
            using: DictionaryExtractor(),
            logger: Logger(label: "headers") { _ in logs }
        )
        #expect(extracted.isEmpty)
        #expect(logs.entries.map(\.level) == [.warning])
    }

    @Test("nothing is injected when there is nothing to continue")
    func nothingToInject() {
        let world = TracedWorld()
        var headers: [String: String] = [:]
        world.dispatcher.injectPropagationContext(into: &headers, using: DictionaryInjector())
        #expect(headers.isEmpty)
    }

    @Test("the active span's ServiceContext runs other libraries' spans under it")
    func activeServiceContext() throws {
        let world = TracedWorld()
        let handler = world.bridge.spanHandler
        #expect(handler.activeServiceContext == nil)
        world.dispatcher.span("answer") {
            let context = handler.activeServiceContext
            ServiceContext.withValue(context) {
                world.tracer.withSpan("http.client") { _ in }
            }
        }
        #expect(try world.span("http.client").parentSpanID == world.span("answer").spanID)
    }
}

/// A thread-safe counter for id generators.
final class Counter: Sendable {
    // The core's pthread-mutex box: ThreadSanitizer understands it, unlike `Synchronization.Mutex`.
    private let value = LockedValue(0)

    func next() -> Int {
        value.withLock { value in
            value += 1
            return value
        }
    }
}

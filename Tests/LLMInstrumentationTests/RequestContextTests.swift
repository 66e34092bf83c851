import Foundation
import LLMInstrumentationReading
import Testing

@testable import LLMInstrumentation

@Suite("The request context: session, user, metadata, labels, prompt template")
struct RequestContextTests {
    @Test("every span and event in the scope carries it into the export file; child tasks and the thread hand-off too")
    func exported() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "request-context-\(UUID().uuidString).jsonl"
        )
        let dispatcher = TestHierarchy().dispatcher("request.context")
        let exporter = try JSONLinesExporter(url: url)
        exporter.install(on: dispatcher)

        await withRequestContext(
            session: "chat-42",
            user: "alice",
            metadata: ["plan": "pro"],
            labels: ["beta"],
            promptTemplate: "Answer {question} from {context}",
            promptVariables: ["question": "why?"],
            promptVersion: "v3"
        ) {
            await dispatcher.span("request") {
                dispatcher.event(LLMPredictStartEvent(template: "t", templateArgs: [:]))
                await Task { dispatcher.span("child task") {} }.value
                let handOff = ActiveSpanContext.current.bind { dispatcher.span("on a thread") {} }
                await withCheckedContinuation { continuation in
                    Thread.detachNewThread {
                        handOff()
                        continuation.resume()
                    }
                }
            }
        }
        exporter.close()

        let contents = try JSONLinesReader.read(contentsOf: url)
        #expect(contents.problems.isEmpty)
        #expect(Set(contents.spans.map(\.name)) == ["request", "child task", "on a thread"])
        let expected: [String: JSONValue] = [
            "session.id": "chat-42", "user.id": "alice", "metadata": ["plan": "pro"], "tag.tags": ["beta"],
            "llm.prompt_template.template": "Answer {question} from {context}",
            "llm.prompt_template.variables": ["question": "why?"], "llm.prompt_template.version": "v3",
        ]
        for span in contents.spans {
            #expect(span.tags == expected, "\(span.name)")
        }
        let event = try #require(contents.events.first { $0 is LLMPredictStartEvent })
        #expect(event.metadata.tags == expected)
    }

    @Test(
        "nested scopes behave as tags do: inner session and user win, metadata and variables merge, labels are replaced"
    )
    func nesting() {
        withInstrumentTags(["region": "eu"]) {
            withRequestContext(session: "outer", user: "alice", metadata: ["plan": "pro", "tier": 1], labels: ["a"]) {
                withRequestContext(
                    session: "inner",
                    metadata: ["tier": 2, "trial": true],
                    labels: ["b"],
                    promptVariables: ["x": 1]
                ) {
                    let context = ActiveSpanContext.current
                    #expect(context.sessionID == "inner")
                    #expect(context.userID == "alice")
                    #expect(context.metadata == ["plan": "pro", "tier": 2, "trial": true])
                    #expect(context.tags["tag.tags"] == ["b"])
                    #expect(context.tags["region"] == "eu")
                    #expect(context.tags["llm.prompt_template.variables"] == ["x": 1])
                }
                #expect(ActiveSpanContext.current.sessionID == "outer")
                #expect(ActiveSpanContext.current.metadata == ["plan": "pro", "tier": 1])
            }
            #expect(ActiveSpanContext.current.sessionID == nil)
            #expect(ActiveSpanContext.current.tags == ["region": "eu"])
        }
    }

    @Test("the context crosses processes in the propagation context")
    func propagation() throws {
        let dispatcher = TestHierarchy().dispatcher("request.propagation")
        let text = withRequestContext(session: "chat-7", user: "bob") {
            dispatcher.capturePropagationContext().jsonString()
        }
        let restored = try PropagationContext(jsonString: text)
        dispatcher.restorePropagationContext(restored) {
            #expect(ActiveSpanContext.current.sessionID == "chat-7")
            #expect(ActiveSpanContext.current.userID == "bob")
        }
    }
}

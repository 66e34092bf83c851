import InMemoryLogging
import LLMInstrumentation
import LLMInstrumentationLogging
import Logging
import Testing

// The code of Sources/LLMInstrumentationLogging/LLMInstrumentationLogging.docc, compiled and run
// (`DocumentationSnippetTests` checks that the catalog's blocks stand here line for line). The
// sample uses the shared registry under the name "MyLoggedApp", which no other test uses.

@Suite("The logging documentation's sample")
struct LoggingDocumentationSampleTests {
    struct IndexOffline: Error {}

    @Test("chat ends log at .info and failed spans at .error; spans that end well stay at .debug")
    func loggingHandlers() {
        let records = InMemoryLogHandler()
        let logger = Logger(label: "my-app.llm") { _ in records }

        let dispatcher = Dispatcher.named("MyLoggedApp")
        dispatcher.addEventHandler(LoggingEventHandler(logger: logger, levels: ["LLMChatEndEvent": .info]))
        dispatcher.addSpanHandler(LoggingSpanHandler(logger: logger))

        dispatcher.span("answer") {
            dispatcher.event(
                LLMChatEndEvent(
                    messages: [],
                    response: ChatResponse(message: ChatMessage(role: .assistant, content: "Hi"))
                )
            )
        }
        _ = try? dispatcher.span("retrieve") { () throws -> Int in throw IndexOffline() }

        let entries = records.entries
        #expect(entries.map(\.message.description) == ["LLMChatEndEvent", "SpanDropEvent", "retrieve"])
        #expect(entries.map(\.level) == [.info, .error, .error])
    }
}

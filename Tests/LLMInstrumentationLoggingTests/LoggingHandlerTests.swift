import InMemoryLogging
import LLMInstrumentation
import LLMInstrumentationLogging
import Logging
import Testing

@Suite("Logging handlers through a real swift-log backend")
struct LoggingHandlerTests {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "index offline" }
    }

    func setUp(level: Logger.Level = .trace) -> (Dispatcher, InMemoryLogHandler) {
        let records = InMemoryLogHandler()
        var logger = Logger(label: "test.llm") { _ in records }
        logger.logLevel = level
        let dispatcher = DispatcherRegistry().dispatcher(named: "logging")
        dispatcher.addEventHandler(LoggingEventHandler(logger: logger, levels: ["LLMChatEndEvent": .info]))
        dispatcher.addSpanHandler(LoggingSpanHandler(logger: logger))
        return (dispatcher, records)
    }

    @Test("each event and each span end is one record with its metadata; errors log at .error")
    func records() throws {
        let (dispatcher, records) = setUp()
        withInstrumentTags(["user": "ada"]) {
            dispatcher.span("answer") {
                var response = ChatResponse(message: ChatMessage(role: .assistant, content: "Hi"))
                response.tokenUsage = TokenUsage(promptTokens: 3, completionTokens: 1)
                dispatcher.event(LLMChatEndEvent(messages: [], response: response))
            }
            _ = try? dispatcher.span("retrieve") { () throws -> Int in throw Failure() }
        }
        let entries = records.entries
        #expect(entries.map(\.message.description) == ["LLMChatEndEvent", "answer", "SpanDropEvent", "retrieve"])
        #expect(entries.map(\.level) == [.info, .debug, .error, .error])
        let chat = entries[0]
        #expect(chat.metadata["span_id"]?.description.hasPrefix("answer-") == true)
        #expect(chat.metadata["tag.user"] == "ada")
        #expect(chat.metadata["response"] != nil)
        let answer = entries[1]
        #expect(answer.metadata["status"] == "ok")
        #expect(answer.metadata["duration_ms"] != nil)
        let dropped = entries[3]
        #expect(dropped.metadata["status"] == "dropped")
        #expect(dropped.metadata["error"] == "index offline")
    }

    @Test("records below the logger's level are not built")
    func levels() {
        let (dispatcher, records) = setUp(level: .error)
        dispatcher.span("quiet") { dispatcher.event(LLMPredictEndEvent(output: "x")) }
        _ = try? dispatcher.span("loud") { () throws -> Int in throw Failure() }
        #expect(records.entries.map(\.message.description) == ["SpanDropEvent", "loud"])
    }
}

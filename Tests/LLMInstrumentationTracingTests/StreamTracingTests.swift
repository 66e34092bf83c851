import Foundation
import InMemoryTracing
import LLMInstrumentation
import LLMInstrumentationTracing
import Testing
import Tracing

@Suite("Streamed spans end with their stream")
struct StreamTracingTests {
    static let question = [ChatMessage(role: .user, content: "What is Swift?")]

    @Test("a streamed chat's span stays open while the stream is consumed, then ends with the full answer")
    func streamedChat() async throws {
        let world = TracedWorld()
        let model = ScriptedChatModel(pieces: ["Swift ", "is ", "a language."]).instrumented(
            dispatcher: world.dispatcher
        )
        let stream = model.streamChat(Self.question)
        var pieces: [String] = []
        var finishedWhileStreaming: [Int] = []
        for try await piece in stream {
            pieces.append(piece.delta ?? "")
            finishedWhileStreaming.append(world.finished("ScriptedChatModel.streamChat").count)
        }
        #expect(pieces == ["Swift ", "is ", "a language."])
        #expect(finishedWhileStreaming == [0, 0, 0], "the span is open until the stream ends")
        let span = try world.span("ScriptedChatModel.streamChat")
        #expect(span.status == SpanStatus(code: .ok))
        #expect(span.string("openinference.span.kind") == "LLM")
        #expect(span.string("output.value") == "assistant: Swift is a language.")
        #expect(span.string("llm.output_messages.0.message.content") == "Swift is a language.")
        #expect(span.string("llm.input_messages.0.message.content") == "What is Swift?")
        #expect(span.int("llm.token_count.prompt") == 12)
        #expect(span.int("llm.token_count.completion") == 3)
        #expect(span.int("llm_instrumentation.chunk_count") == 3)
        #expect(
            (span["llm_instrumentation.time_to_first_chunk"]).map {
                if case .double(let value) = $0 { value >= 0 } else { false }
            } == true
        )
        #expect(span.eventNames == ["LLMChatStartEvent", "First Token Stream Event", "LLMChatEndEvent"])
        #expect(span.startInstant.nanosecondsSinceEpoch <= span.events[1].nanosecondsSinceEpoch)
        #expect(span.events[1].nanosecondsSinceEpoch <= span.endInstant.nanosecondsSinceEpoch)
    }

    @Test("a streamed completion's span ends with the whole text")
    func streamedCompletion() async throws {
        let world = TracedWorld()
        let model = ScriptedCompletionModel(pieces: ["Hel", "lo"]).instrumented(dispatcher: world.dispatcher)
        for try await _ in model.streamComplete("Say hello") {}
        let span = try world.span("ScriptedCompletionModel.streamComplete")
        #expect(span.string("output.value") == "Hello")
        #expect(span["llm.prompts"] == .stringArray(["Say hello"]))
        #expect(span.int("llm_instrumentation.chunk_count") == 2)
        #expect(span.eventNames == ["LLMCompletionStartEvent", "First Token Stream Event", "LLMCompletionEndEvent"])
    }

    @Test("a stream span is a child of the span it was made in, even when consumed elsewhere")
    func streamParent() async throws {
        let world = TracedWorld()
        let dispatcher = world.dispatcher
        let model = ScriptedChatModel(pieces: ["a", "b"]).instrumented(dispatcher: dispatcher)
        let stream = dispatcher.span("answer") { model.streamChat(Self.question) }
        for try await _ in stream {}
        #expect(try world.span("ScriptedChatModel.streamChat").parentSpanID == world.span("answer").spanID)
    }

    @Test("a stream abandoned before its end is cancelled, not failed")
    func abandonedStream() async throws {
        let world = TracedWorld()
        let model = ScriptedChatModel(pieces: ["a", "b", "c"]).instrumented(dispatcher: world.dispatcher)
        try await Self.consumeOne(model.streamChat(Self.question))
        let span = try world.span("ScriptedChatModel.streamChat")
        #expect(span.status == nil)
        #expect(span.errors.isEmpty)
        #expect(span.eventNames.contains("span.cancelled"))
        let cancelled = try #require(span.events.first { $0.name == "span.cancelled" })
        #expect(cancelled.attributes.get("reason").map { "\($0)".contains("abandoned") } == true)
    }

    @Test("a stream that throws ends its span with the error")
    func failingStream() async throws {
        let world = TracedWorld()
        let failing = AsyncThrowingStream<String, any Error> { continuation in
            continuation.yield("partial")
            continuation.finish(throwing: IndexOffline())
        }
        let stream = world.dispatcher.span(streaming: failing, "stream")
        await #expect(throws: IndexOffline.self) {
            for try await _ in stream {}
        }
        let span = try world.span("stream")
        #expect(span.status == SpanStatus(code: .error, message: "IndexOffline: index offline"))
        #expect(span.errors.count == 1)
    }

    private static func consumeOne<S: AsyncSequence>(_ stream: S) async throws {
        var iterator = stream.makeAsyncIterator()
        _ = try await iterator.next()
    }
}

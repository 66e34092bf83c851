import LLMInstrumentation
import LLMInstrumentationMetrics
import Metrics
import MetricsTestKit
import Testing

@Suite("Metrics through swift-metrics' test backend")
struct LLMMetricsHandlerTests {
    struct Failure: Error {}

    @Test("calls, errors and durations per span name; tokens and time to first token per model")
    func metrics() async throws {
        let metrics = TestMetrics()
        let handler = LLMMetricsHandler(factory: metrics)
        let dispatcher = DispatcherRegistry().dispatcher(named: "metrics")
        dispatcher.addEventHandler(handler)
        dispatcher.addSpanHandler(handler)

        for _ in 0..<2 {
            dispatcher.span("chat") {
                dispatcher.event(LLMChatStartEvent(messages: [], modelDict: ["model": "m1"]))
                var response = ChatResponse(message: ChatMessage(role: .assistant, content: "ok"))
                response.tokenUsage = TokenUsage(promptTokens: 7, completionTokens: 2)
                dispatcher.event(LLMChatEndEvent(messages: [], response: response))
            }
        }
        _ = try? dispatcher.span("retrieve") { () throws -> Int in throw Failure() }
        let stream = dispatcher.span(
            streaming: AsyncStream<Int> { continuation in
                continuation.yield(1)
                continuation.finish()
            },
            "streamChat"
        )
        dispatcher.restorePropagationContext(
            PropagationContext(values: [PropagationContext.spanIDKey: .string(stream.spanID!)])
        ) {
            dispatcher.event(LLMChatStartEvent(messages: [], modelDict: ["model": "m2"]))
        }
        for try await _ in stream {}

        #expect(try metrics.expectCounter("llm_span_calls_total", [("span", "chat")]).totalValue == 2)
        #expect(try metrics.expectCounter("llm_span_calls_total", [("span", "retrieve")]).totalValue == 1)
        #expect(try metrics.expectCounter("llm_span_errors_total", [("span", "retrieve")]).totalValue == 1)
        #expect(metrics.counters(label: "llm_span_errors_total", dimensions: [("span", "chat")]).isEmpty)
        #expect(try metrics.expectTimer("llm_span_duration", [("span", "chat")]).values.count == 2)
        #expect(try metrics.expectCounter("llm_tokens_total", [("model", "m1"), ("type", "prompt")]).totalValue == 14)
        #expect(
            try metrics.expectCounter("llm_tokens_total", [("model", "m1"), ("type", "completion")]).totalValue == 4
        )
        let firstToken = try metrics.expectTimer("llm_time_to_first_token", [("model", "m2")])
        #expect(firstToken.values.count == 1)
        #expect(firstToken.values[0] >= 0)
        let values = Set(metrics.counters.flatMap(\.dimensions).map(\.1))
        #expect(
            values == ["chat", "retrieve", "streamChat", "m1", "prompt", "completion"],
            "span and model names only, no ids"
        )
    }
}

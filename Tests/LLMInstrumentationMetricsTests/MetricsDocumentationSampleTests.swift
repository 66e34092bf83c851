import LLMInstrumentation
import LLMInstrumentationMetrics
import MetricsTestKit
import Testing

// The code of Sources/LLMInstrumentationMetrics/LLMInstrumentationMetrics.docc, compiled and run
// (`DocumentationSnippetTests` checks that the catalog's blocks stand here line for line). The
// sample uses the shared registry under the name "MyMeasuredApp", which no other test uses.

@Suite("The metrics documentation's sample")
struct MetricsDocumentationSampleTests {
    /// Where the handler makes its metrics: a test backend that keeps them.
    let factory = TestMetrics()

    @Test("one handler added for events and for spans counts calls and tokens")
    func metricsHandler() throws {
        let metrics = LLMMetricsHandler(factory: factory)
        Dispatcher.named("MyMeasuredApp").addEventHandler(metrics)
        Dispatcher.named("MyMeasuredApp").addSpanHandler(metrics)

        let dispatcher = Dispatcher.named("MyMeasuredApp.chat")
        dispatcher.span("chat") {
            var response = ChatResponse(message: ChatMessage(role: .assistant, content: "Hi"))
            response.tokenUsage = TokenUsage(promptTokens: 3, completionTokens: 1)
            dispatcher.event(LLMChatStartEvent(messages: [], modelDict: ["model": "m1"]))
            dispatcher.event(LLMChatEndEvent(messages: [], response: response))
        }

        let calls = try factory.expectCounter("llm_span_calls_total", [("span", "chat")])
        #expect(calls.totalValue == 1)
        let promptTokens = try factory.expectCounter("llm_tokens_total", [("model", "m1"), ("type", "prompt")])
        #expect(promptTokens.totalValue == 3)
    }
}

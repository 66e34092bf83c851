import Foundation
import LLMInstrumentation
import LLMModelClients
import Testing

@Suite("Anthropic client against fakellm")
struct FakeLLMAnthropicTests {
    @Test("chat, streamed chat, a tool-use turn, and a 429, each with its events")
    func conversation() async throws {
        let server = try await FakeLLMServer.start(configuration: fakeLLMRules)
        defer { server.stop() }
        let world = try TracedWorld()
        func client(_ conversation: String) -> InstrumentedComponent<AnthropicClient> {
            AnthropicClient(
                baseURL: server.baseURL,
                apiKey: "sk-ant-fake",
                model: "claude-sonnet-4-5",
                headers: ["X-Fakellm-Conversation-Id": conversation]
            ).instrumented(dispatcher: world.dispatcher)
        }

        let question = [ChatMessage(role: .user, content: "What is the capital of France?")]
        let answer = try await client("plain").chat(question)
        #expect(answer.message.content == "Paris is the capital of France.")
        #expect(answer.raw?["stop_reason"] == "end_turn")
        #expect((answer.tokenUsage?.completionTokens ?? 0) > 0)

        var last: ChatResponse?
        var text = ""
        for try await piece in client("streamed").streamChat(question) {
            text += piece.delta ?? ""
            last = piece
        }
        #expect(text == "Paris is the capital of France.")
        #expect(last?.message.content == "Paris is the capital of France.")
        #expect(last?.additionalKwargs["finish_reason"] == "end_turn")

        let call = try await client("agent").chat([ChatMessage(role: .user, content: "What is the weather in Paris?")])
        #expect(call.raw?["stop_reason"] == "tool_use")
        #expect(
            call.message.blocks.last.flatMap { block -> String? in
                if case .toolCall(let call) = block { return call.toolName }
                return nil
            } == "get_weather"
        )

        do {
            _ = try await client("limited").chat([ChatMessage(role: .user, content: "overload")])
            Issue.record("no error")
        } catch let error as ModelClientError {
            #expect(error.statusCode == 429)
            #expect(error.errorType == "mock_error")
            #expect(error.message == "Rate limit reached")
        }

        #expect(world.events.events(of: LLMChatEndEvent.self).count == 3)
        #expect(world.spans.droppedSpans.count == 1)
    }
}

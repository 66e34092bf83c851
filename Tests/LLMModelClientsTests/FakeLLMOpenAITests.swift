import Foundation
import LLMInstrumentation
import LLMModelClients
import Testing

/// fakellm's rules for these tests: a tool-call turn and its summary, a plain answer, and errors.
let fakeLLMRules = """
    rules:
      - name: weather_tool
        when:
          turn: 1
          messages_contain: "weather"
        respond:
          tool_calls:
            - name: get_weather
              arguments: {city: "Paris", unit: "celsius"}
      - name: weather_summary
        when:
          turn: 2
          tool_result_contains: "sunny"
        respond:
          content: "It is sunny in Paris."
      - name: rate_limited
        when:
          messages_contain: "overload"
        respond:
          status: 429
          error: "Rate limit reached"
      - name: broken
        when:
          messages_contain: "explode"
        respond:
          status: 500
          error: "Internal failure"
      - name: capital
        when:
          messages_contain: "capital"
        respond:
          content: "Paris is the capital of France."
    """

@Suite("OpenAI-compatible client against fakellm")
struct FakeLLMOpenAITests {
    /// A client of `server` whose requests are one conversation of fakellm's, named `conversation`.
    private func client(
        _ server: FakeLLMServer,
        _ conversation: String,
        world: TracedWorld
    )
        -> InstrumentedComponent<OpenAICompatibleClient>
    {
        OpenAICompatibleClient(
            baseURL: server.openAIBaseURL,
            apiKey: "sk-fake",
            model: "gpt-4o-mini",
            headers: ["X-Fakellm-Conversation-Id": conversation]
        ).instrumented(dispatcher: world.dispatcher)
    }

    @Test("chat, streamed chat, a tool-call turn and its answer, and HTTP errors, each with its events")
    func conversation() async throws {
        let server = try await FakeLLMServer.start(configuration: fakeLLMRules)
        defer { server.stop() }
        let world = try TracedWorld()

        // A plain answer, then the same streamed word by word.
        let question = [ChatMessage(role: .user, content: "What is the capital of France?")]
        let answer = try await client(server, "plain", world: world).chat(question)
        #expect(answer.message.content == "Paris is the capital of France.")
        #expect(answer.raw?["model"] == "gpt-4o-mini")
        #expect((answer.tokenUsage?.promptTokens ?? 0) > 0)
        #expect((answer.tokenUsage?.completionTokens ?? 0) > 0)
        var pieces: [String] = []
        for try await piece in client(server, "streamed", world: world).streamChat(question) {
            pieces.append(piece.delta ?? "")
        }
        #expect(pieces.joined() == "Paris is the capital of France.")
        #expect(pieces.filter { !$0.isEmpty }.count == 6)

        // Turn 1 asks for a tool; turn 2 sends its result back and gets the answer.
        let model = client(server, "agent", world: world)
        var messages = [ChatMessage(role: .user, content: "What is the weather in Paris?")]
        let call = try await model.chat(
            messages,
            options: ["tools": [["type": "function", "function": ["name": "get_weather"]]]]
        )
        guard case .toolCall(let toolCall) = try #require(call.message.blocks.last) else {
            Issue.record("no tool call in \(call.message.blocks)")
            return
        }
        #expect(toolCall.toolName == "get_weather")
        #expect(toolCall.toolArguments == ["city": "Paris", "unit": "celsius"])
        #expect(call.raw?["choices"]?.arrayValue?.first?["finish_reason"] == "tool_calls")
        messages.append(call.message)
        messages.append(
            ChatMessage(
                role: .tool,
                content: "sunny, 24 degrees",
                additionalKwargs: ["tool_call_id": .string(toolCall.toolCallID ?? "")]
            )
        )
        let summary = try await model.chat(messages)
        #expect(summary.message.content == "It is sunny in Paris.")

        // The same tool call, streamed: its arguments arrive in pieces.
        var last: ChatResponse?
        for try await piece in client(server, "streamed-agent", world: world).streamChat(
            [ChatMessage(role: .user, content: "What is the weather in Paris?")]
        ) {
            last = piece
        }
        #expect(
            last?.message.blocks.last.flatMap { block -> JSONValue? in
                if case .toolCall(let call) = block { return call.toolArguments }
                return nil
            } == ["city": "Paris", "unit": "celsius"]
        )
        #expect(last?.additionalKwargs["finish_reason"] == "tool_calls")

        // Errors.
        for (text, status, message) in [("overload", 429, "Rate limit reached"), ("explode", 500, "Internal failure")] {
            do {
                _ = try await client(server, text, world: world).chat([ChatMessage(role: .user, content: text)])
                Issue.record("no error for \(text)")
            } catch let error as ModelClientError {
                #expect(error.kind == .http)
                #expect(error.statusCode == status)
                #expect(error.errorType == "mock_error")
                #expect(error.message == message)
            }
        }

        #expect(world.events.events(of: LLMChatStartEvent.self).count == 7)
        #expect(world.events.events(of: LLMChatEndEvent.self).count == 5)
        #expect(world.spans.completedSpans.count == 5)
        #expect(world.spans.droppedSpans.count == 2)
    }
}

import Foundation
import LLMInstrumentation
import LLMModelClients
import Testing

private let apiKey = "sk-test-4f9c2b7e1d"

private let completionJSON = """
    {"id": "chatcmpl-42", "object": "chat.completion", "created": 1733300000, "model": "gpt-4o-mini-2024-07-18",
     "choices": [{"index": 0, "message": {"role": "assistant", "content": "Paris."}, "finish_reason": "stop"}],
     "usage": {"prompt_tokens": 21, "completion_tokens": 2, "total_tokens": 23,
               "prompt_tokens_details": {"cached_tokens": 16}, "completion_tokens_details": {"reasoning_tokens": 1}}}
    """

@Suite("OpenAI-compatible chat over a real socket")
struct OpenAIChatTests {
    @Test("a chat call sends the messages and options, and its events carry the answer, model, id and token counts")
    func unstreamedChat() async throws {
        let server = try await ScriptedModelServer.start { _ in
            .json(completionJSON, headers: [("x-request-id", "req_1")])
        }
        defer { Task { try await server.shutdown() } }
        let world = try TracedWorld()
        let model = OpenAICompatibleClient(baseURL: server.baseURL, apiKey: apiKey, model: "gpt-4o-mini")
            .instrumented(dispatcher: world.dispatcher)

        let answer = try await model.chat(
            [
                ChatMessage(role: .system, content: "Answer briefly."),
                ChatMessage(role: .user, content: "Capital of France?"),
            ],
            options: [
                "temperature": 0.2, "max_tokens": 50, "seed": 7, "top_p": 0.9, "stop": ["\n\n"],
                "response_format": ["type": "json_object"],
            ]
        )

        #expect(answer.message.content == "Paris.")
        #expect(answer.raw?["model"]?.stringValue == "gpt-4o-mini-2024-07-18")
        #expect(answer.raw?["id"]?.stringValue == "chatcmpl-42")
        #expect(
            answer.tokenUsage
                == TokenUsage(
                    promptTokens: 21,
                    completionTokens: 2,
                    totalTokens: 23,
                    cachedTokens: 16,
                    reasoningTokens: 1
                )
        )

        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/v1/chat/completions")
        #expect(request.headers["authorization"] == "Bearer \(apiKey)")
        let body = try #require(request.json)
        #expect(body["model"] == "gpt-4o-mini")
        #expect(body["temperature"] == 0.2)
        #expect(body["max_tokens"] == 50)
        #expect(body["seed"] == 7)
        #expect(body["top_p"] == 0.9)
        #expect(body["stop"] == ["\n\n"])
        #expect(body["response_format"] == ["type": "json_object"])
        #expect(body["stream"] == nil)
        #expect(
            body["messages"]
                == [
                    ["role": "system", "content": "Answer briefly."],
                    ["role": "user", "content": "Capital of France?"],
                ]
        )

        let start = try #require(world.events.events(of: LLMChatStartEvent.self).first)
        #expect(start.messages.count == 2)
        #expect(start.modelDict["model"] == "gpt-4o-mini")
        #expect(start.modelDict["provider"] == "openai")
        #expect(start.modelDict["api_base"] == .string(server.baseURL))
        #expect(start.additionalKwargs["temperature"] == 0.2)
        let end = try #require(world.events.events(of: LLMChatEndEvent.self).first)
        var recorded = try #require(end.response)
        let cost = try #require(recorded.cost, "the answering model, gpt-4o-mini-2024-07-18, has a price")
        #expect(cost.pricedAs == "gpt-4o-mini")
        #expect(abs(cost.prompt - (5 * 0.15 + 16 * 0.075) / 1e6) < 1e-12, "16 of the 21 prompt tokens were cached")
        recorded.cost = nil
        #expect(recorded == answer)
        #expect(end.response?.raw?["choices"]?.arrayValue?.first?["finish_reason"] == "stop")
        #expect(world.spans.completedSpans.count == 1)
    }

    @Test(
        "a streamed chat asks for usage, assembles text and tool-call deltas split across reads, and ends with the token counts"
    )
    func streamedChatWithToolCall() async throws {
        let chunks = [
            #"{"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#,
            #"{"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Let me "},"finish_reason":null}]}"#,
            #"{"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"check."},"finish_reason":null}]}"#,
            #"{"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_9","type":"function","function":{"name":"weather","arguments":""}}]},"finish_reason":null}]}"#,
            #"{"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\": "}}]},"finish_reason":null}]}"#,
            #"{"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":null}]}"#,
            #"{"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
            #"{"id":"c1","model":"gpt-4o","choices":[],"usage":{"prompt_tokens":30,"completion_tokens":12,"total_tokens":42}}"#,
        ]
        // One body, cut into pieces that split events, lines and a CRLF; with a comment and a
        // multi-line event of another type that the client ignores.
        var text = ": keep-alive\r\n\r\n"
        for chunk in chunks { text += "data: \(chunk)\r\n\r\n" }
        text += "event: other\ndata: first line\ndata: second line\n\n"
        text += "data: [DONE]\n\n"
        let bytes = Array(text.utf8)
        let cuts = [5, 17, 18, 90, 91, 300, 301, 302, 640, bytes.count - 3]
        var pieces: [String] = []
        var from = 0
        for cut in cuts + [bytes.count] {
            pieces.append(String(decoding: bytes[from..<cut], as: UTF8.self))
            from = cut
        }
        let script = pieces
        let server = try await ScriptedModelServer.start { _ in .events(script) }
        defer { Task { try await server.shutdown() } }
        let world = try TracedWorld()
        let model = OpenAICompatibleClient(baseURL: server.baseURL, apiKey: apiKey, model: "gpt-4o")
            .instrumented(dispatcher: world.dispatcher)
        let tools: JSONValue = [
            ["type": "function", "function": ["name": "weather", "parameters": ["type": "object"]]]
        ]

        var responses: [ChatResponse] = []
        for try await response in model.streamChat(
            [ChatMessage(role: .user, content: "Weather in Paris?")],
            options: ["tools": tools]
        ) {
            responses.append(response)
        }

        let body = try #require(server.requests.first?.json)
        #expect(body["stream"] == true)
        #expect(body["stream_options"] == ["include_usage": true])
        #expect(body["tools"] == tools)
        #expect(responses.count == chunks.count)  // the event of another type is not a chunk
        #expect(responses.map { $0.delta ?? "" }.joined() == "Let me check.")
        let last = try #require(responses.last)
        #expect(last.message.content == "Let me check.")
        #expect(
            last.message.blocks.last
                == .toolCall(ToolCallBlock(toolCallID: "call_9", toolName: "weather", toolArguments: ["city": "Paris"]))
        )
        #expect(last.tokenUsage == TokenUsage(promptTokens: 30, completionTokens: 12, totalTokens: 42))
        #expect(last.additionalKwargs["finish_reason"] == "tool_calls")

        #expect(world.events.events(of: LLMChatInProgressEvent.self).count == responses.count)
        let end = try #require(world.events.events(of: LLMChatEndEvent.self).first)
        #expect(end.response?.tokenUsage?.totalTokens == 42)
        let span = try #require(world.spans.completedSpans.first)
        #expect(span.metadata?["chunk_count"] == .int(responses.count))
        #expect(span.metadata?["time_to_first_chunk"]?.doubleValue != nil)
    }

    @Test("a tool result and an assistant tool call go back in the API's form; images go as content parts")
    func toolResultsAndImages() async throws {
        let server = try await ScriptedModelServer.start { _ in .json(completionJSON) }
        defer { Task { try await server.shutdown() } }
        let model = OpenAICompatibleClient(baseURL: server.baseURL, apiKey: nil, model: "gpt-4o")

        _ = try await model.chat([
            ChatMessage(role: .developer, content: "Use tools."),
            ChatMessage(
                role: .user,
                blocks: [
                    .text("What is this?"), .image(ImageBlock(base64Data: "iVBORw0KGgo=", mimeType: "image/png")),
                    .image(ImageBlock(url: "http://127.0.0.1/cat.jpg", detail: "low")),
                ]
            ),
            ChatMessage(
                role: .assistant,
                blocks: [.toolCall(ToolCallBlock(toolCallID: "call_1", toolName: "look", toolArguments: ["zoom": 2]))]
            ),
            ChatMessage(role: .tool, content: "a cat", additionalKwargs: ["tool_call_id": "call_1"]),
        ])

        let request = try #require(server.requests.first)
        #expect(request.headers["authorization"] == nil)
        let messages = try #require(request.json?["messages"]?.arrayValue)
        #expect(messages[0] == ["role": "developer", "content": "Use tools."])
        #expect(
            messages[1]
                == [
                    "role": "user",
                    "content": [
                        ["type": "text", "text": "What is this?"],
                        ["type": "image_url", "image_url": ["url": "data:image/png;base64,iVBORw0KGgo="]],
                        ["type": "image_url", "image_url": ["url": "http://127.0.0.1/cat.jpg", "detail": "low"]],
                    ],
                ]
        )
        #expect(
            messages[2]
                == [
                    "role": "assistant", "content": nil,
                    "tool_calls": [
                        [
                            "id": "call_1", "type": "function",
                            "function": ["name": "look", "arguments": #"{"zoom":2}"#],
                        ]
                    ],
                ]
        )
        #expect(messages[3] == ["role": "tool", "content": "a cat", "tool_call_id": "call_1"])
    }
}

import Foundation
import LLMInstrumentation
import LLMModelClients
import Testing

private let apiKey = "sk-ant-test-1234abcd"

@Suite("Anthropic Messages over a real socket")
struct AnthropicChatTests {
    @Test(
        "a chat call sends system, messages, tool results and options; its events carry blocks, stop reason and cache counts"
    )
    func unstreamedChat() async throws {
        let reply = """
            {"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
             "content": [{"type": "thinking", "thinking": "The user wants a city.", "signature": "sig=="},
                         {"type": "text", "text": "Let me look."},
                         {"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {"city": "Paris"}}],
             "stop_reason": "tool_use", "stop_sequence": null,
             "usage": {"input_tokens": 10, "output_tokens": 20, "cache_creation_input_tokens": 30, "cache_read_input_tokens": 40}}
            """
        let server = try await ScriptedModelServer.start { _ in .json(reply, headers: [("request-id", "req_a")]) }
        defer { Task { try await server.shutdown() } }
        let world = try TracedWorld()
        let model = AnthropicClient(baseURL: server.origin, apiKey: apiKey, model: "claude-sonnet-4-5")
            .instrumented(dispatcher: world.dispatcher)

        let answer = try await model.chat(
            [
                ChatMessage(role: .system, content: "Be brief."),
                ChatMessage(role: .user, content: "Where is the Louvre?"),
                ChatMessage(
                    role: .assistant,
                    blocks: [
                        .toolCall(
                            ToolCallBlock(toolCallID: "toolu_0", toolName: "search", toolArguments: ["q": "Louvre"])
                        )
                    ]
                ),
                ChatMessage(role: .tool, content: "Paris", additionalKwargs: ["tool_call_id": "toolu_0"]),
            ],
            options: ["temperature": 0.5, "thinking": ["type": "enabled", "budget_tokens": 1024]]
        )

        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/messages")
        #expect(request.headers["x-api-key"] == apiKey)
        #expect(request.headers["anthropic-version"] == "2023-06-01")
        #expect(request.headers["authorization"] == nil)
        #expect(
            request.json
                == [
                    "model": "claude-sonnet-4-5", "max_tokens": 4096, "system": "Be brief.", "temperature": 0.5,
                    "thinking": ["type": "enabled", "budget_tokens": 1024],
                    "messages": [
                        ["role": "user", "content": [["type": "text", "text": "Where is the Louvre?"]]],
                        [
                            "role": "assistant",
                            "content": [
                                ["type": "tool_use", "id": "toolu_0", "name": "search", "input": ["q": "Louvre"]]
                            ],
                        ],
                        [
                            "role": "user",
                            "content": [["type": "tool_result", "tool_use_id": "toolu_0", "content": "Paris"]],
                        ],
                    ],
                ]
        )
        #expect(
            answer.message.blocks == [
                .thinking(
                    ThinkingBlock(content: "The user wants a city.", additionalInformation: ["signature": "sig=="])
                ),
                .text("Let me look."),
                .toolCall(ToolCallBlock(toolCallID: "toolu_1", toolName: "lookup", toolArguments: ["city": "Paris"])),
            ]
        )
        #expect(
            answer.tokenUsage
                == TokenUsage(promptTokens: 80, completionTokens: 20, cachedTokens: 40, cacheCreationTokens: 30)
        )
        let end = try #require(world.events.events(of: LLMChatEndEvent.self).first)
        #expect(end.response?.raw?["stop_reason"] == "tool_use")
        #expect(end.response?.raw?["model"] == "claude-sonnet-4-5-20250929")
        #expect(world.events.events(of: LLMChatStartEvent.self).first?.modelDict["provider"] == "anthropic")
    }

    @Test("a streamed chat reads every event type: thinking, signature, text, tool input in pieces, ping, usage")
    func streamedChat() async throws {
        func event(_ type: String, _ data: String) -> String { "event: \(type)\ndata: \(data)\n\n" }
        let pieces = [
            event(
                "message_start",
                #"{"type":"message_start","message":{"id":"msg_s","type":"message","role":"assistant","model":"claude-x","content":[],"usage":{"input_tokens":12,"output_tokens":1,"cache_read_input_tokens":5}}}"#
            ),
            event(
                "content_block_start",
                #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}"#
            ),
            event(
                "content_block_delta",
                #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Hmm."}}"#
            ),
            event(
                "content_block_delta",
                #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"s1"}}"#
            ),
            event("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
            event("ping", #"{"type": "ping"}"#),
            event(
                "content_block_start",
                #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#
            ),
            event(
                "content_block_delta",
                #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Checking"}}"#
            ),
            event(
                "content_block_delta",
                #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":" now."}}"#
            ),
            event("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
            event(
                "content_block_start",
                #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_9","name":"weather","input":{}}}"#
            ),
            event(
                "content_block_delta",
                #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}"#
            ),
            event(
                "content_block_delta",
                #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Pa"}}"#
            ),
            event(
                "content_block_delta",
                #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"ris\"}"}}"#
            ),
            event("content_block_stop", #"{"type":"content_block_stop","index":2}"#),
            event(
                "message_delta",
                #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":42}}"#
            ),
            event("message_stop", #"{"type":"message_stop"}"#),
        ]
        let server = try await ScriptedModelServer.start { _ in .events(pieces) }
        defer { Task { try await server.shutdown() } }
        let world = try TracedWorld()
        let model = AnthropicClient(baseURL: server.origin, apiKey: apiKey, model: "claude-x")
            .instrumented(dispatcher: world.dispatcher)

        var responses: [ChatResponse] = []
        for try await response in model.streamChat([ChatMessage(role: .user, content: "Weather?")]) {
            responses.append(response)
        }

        #expect(server.requests.first?.json?["stream"] == true)
        #expect(responses.count == 8)  // 7 deltas and the message_delta
        #expect(responses.map { $0.delta ?? "" }.joined() == "Checking now.")
        let last = try #require(responses.last)
        #expect(
            last.message.blocks == [
                .thinking(ThinkingBlock(content: "Hmm.", additionalInformation: ["signature": "s1"])),
                .text("Checking now."),
                .toolCall(ToolCallBlock(toolCallID: "toolu_9", toolName: "weather", toolArguments: ["city": "Paris"])),
            ]
        )
        #expect(last.tokenUsage == TokenUsage(promptTokens: 17, completionTokens: 42, cachedTokens: 5))
        #expect(last.additionalKwargs["finish_reason"] == "tool_use")
        #expect(last.raw?["id"] == "msg_s")
        #expect(last.raw?["model"] == "claude-x")
        let end = try #require(world.events.events(of: LLMChatEndEvent.self).first)
        #expect(end.response?.tokenUsage?.completionTokens == 42)
        #expect(world.spans.completedSpans.first?.metadata?["chunk_count"] == 8)
    }

    @Test(
        "an error event mid-stream throws the provider's error and drops the span; a stream without message_stop is cut"
    )
    func streamErrors() async throws {
        let start =
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"c\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
        let overloaded =
            "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n"
        for (ending, kind) in [(overloaded, ModelClientError.Kind.http), ("", .streamCut)] {
            let server = try await ScriptedModelServer.start { _ in .events([start, ending]) }
            defer { Task { try await server.shutdown() } }
            let world = try TracedWorld()
            let model = AnthropicClient(baseURL: server.origin, apiKey: apiKey, model: "c")
                .instrumented(dispatcher: world.dispatcher)
            do {
                for try await _ in model.streamChat([ChatMessage(role: .user, content: "Hi")]) {}
                Issue.record("no error")
            } catch let error as ModelClientError {
                #expect(error.kind == kind)
                if kind == .http {
                    #expect(error.errorType == "overloaded_error")
                    #expect(error.message == "Overloaded")
                }
            }
            #expect(world.spans.droppedSpans.count == 1)
        }
    }

    @Test("tools offered in the OpenAI form are sent in Anthropic's; tools in Anthropic's form are kept")
    func toolDefinitions() async throws {
        let server = try await ScriptedModelServer.start { _ in
            .json(
                #"{"id": "m", "type": "message", "role": "assistant", "model": "c", "content": [], "stop_reason": "end_turn"}"#
            )
        }
        defer { Task { try await server.shutdown() } }
        let model = AnthropicClient(baseURL: server.origin, apiKey: apiKey, model: "c")
        let anthropicForm: JSONValue = ["name": "clock", "input_schema": ["type": "object"]]

        _ = try await model.chat(
            [ChatMessage(role: .user, content: "Count")],
            options: [
                "tools": [
                    [
                        "type": "function",
                        "function": [
                            "name": "word_count", "description": "Counts words.",
                            "parameters": ["type": "object", "properties": ["text": ["type": "string"]]],
                        ],
                    ],
                    anthropicForm,
                ]
            ]
        )

        #expect(
            server.requests.first?.json?["tools"]
                == [
                    [
                        "name": "word_count", "description": "Counts words.",
                        "input_schema": ["type": "object", "properties": ["text": ["type": "string"]]],
                    ],
                    anthropicForm,
                ]
        )
    }

    @Test("an HTTP error keeps Anthropic's error type and message and the request-id header")
    func httpError() async throws {
        let server = try await ScriptedModelServer.start { _ in
            .json(
                #"{"type": "error", "error": {"type": "rate_limit_error", "message": "Number of requests has exceeded your rate limit"}}"#,
                status: .tooManyRequests,
                headers: [("request-id", "req_011")]
            )
        }
        defer { Task { try await server.shutdown() } }
        let model = AnthropicClient(baseURL: server.origin, apiKey: apiKey, model: "c")

        do {
            _ = try await model.chat([ChatMessage(role: .user, content: "Hi")])
            Issue.record("no error")
        } catch let error as ModelClientError {
            #expect(error.kind == .http)
            #expect(error.statusCode == 429)
            #expect(error.errorType == "rate_limit_error")
            #expect(error.requestID == "req_011")
            #expect(error.provider == "anthropic")
        }
    }
}

import Foundation
import LLMInstrumentation

/// The JSON of Anthropic's Messages API: request bodies made from the library's messages, and
/// its responses read into the library's responses (`raw` is the response, `additional_kwargs`
/// its token counts).
enum AnthropicWireFormat {
    /// The `max_tokens` sent when the options give none: the API requires one.
    static let defaultMaxTokens = 4_096

    /// The body of a `/v1/messages` request: the system and developer messages joined as
    /// `system`, the others as `messages`, and `options` (`max_tokens`, `temperature`, `tools`,
    /// `thinking`, `stop_sequences`, ...) as given, but for tools in the OpenAI form (see
    /// ``tool(_:)``).
    static func body(model: String, messages: [ChatMessage], options: [String: JSONValue], stream: Bool) -> JSONValue {
        var body = options
        body["model"] = body["model"] ?? .string(model)
        body["max_tokens"] = body["max_tokens"] ?? .int(defaultMaxTokens)
        let system = messages.filter { $0.role == .system || $0.role == .developer }.compactMap(\.content)
        if !system.isEmpty, body["system"] == nil { body["system"] = .string(system.joined(separator: "\n\n")) }
        body["messages"] = .array(
            messages.filter { $0.role != .system && $0.role != .developer }.map(message)
        )
        if stream { body["stream"] = true } else { body["stream"] = nil }
        if let tools = body["tools"]?.arrayValue { body["tools"] = .array(tools.map(tool)) }
        return .object(body)
    }

    /// A tool definition in the API's form: one in the OpenAI form (`{"type": "function",
    /// "function": {"name", "description", "parameters"}}`) becomes `{"name", "description",
    /// "input_schema"}`, so that code offering tools works with either client; any other is kept.
    static func tool(_ definition: JSONValue) -> JSONValue {
        guard definition["type"] == "function", let function = definition["function"] else { return definition }
        var tool: [String: JSONValue] = [
            "name": function["name"] ?? "",
            "input_schema": function["parameters"] ?? ["type": "object"],
        ]
        if let description = function["description"] { tool["description"] = description }
        return .object(tool)
    }

    /// One message in the API's form: its blocks as content blocks; a tool result (role `tool`,
    /// with `tool_call_id` in its additional kwargs) as a user message with a `tool_result` block.
    static func message(_ message: ChatMessage) -> JSONValue {
        if message.role == .tool || message.role == .function {
            var result: [String: JSONValue] = ["type": "tool_result", "content": .string(message.content ?? "")]
            if let id = message.additionalKwargs["tool_call_id"] { result["tool_use_id"] = id }
            if message.additionalKwargs["is_error"] == true { result["is_error"] = true }
            return ["role": "user", "content": [.object(result)]]
        }
        let role = message.role == .user ? "user" : "assistant"
        return ["role": .string(role), "content": .array(message.blocks.compactMap(block))]
    }

    private static func block(_ block: ContentBlock) -> JSONValue? {
        switch block {
        case .text(let text):
            return ["type": "text", "text": .string(text)]
        case .image(let image):
            if let data = image.base64Data {
                return [
                    "type": "image",
                    "source": [
                        "type": "base64", "media_type": .string(image.mimeType ?? "image/png"), "data": .string(data),
                    ],
                ]
            }
            guard let url = image.url else { return nil }
            return ["type": "image", "source": ["type": "url", "url": .string(url)]]
        case .thinking(let thinking):
            // Sent back only with its signature, which the API checks.
            guard let signature = thinking.additionalInformation["signature"] else { return nil }
            return ["type": "thinking", "thinking": .string(thinking.content ?? ""), "signature": signature]
        case .toolCall(let call):
            let input = call.toolArguments.objectValue.map(JSONValue.object) ?? [:]
            return [
                "type": "tool_use", "id": .string(call.toolCallID ?? ""), "name": .string(call.toolName),
                "input": input,
            ]
        }
    }

    /// The library's block for one content block of a response.
    static func contentBlock(_ block: JSONValue) -> ContentBlock? {
        switch block["type"]?.stringValue {
        case "text":
            return .text(block["text"]?.stringValue ?? "")
        case "thinking":
            var information: [String: JSONValue] = [:]
            if let signature = block["signature"] { information["signature"] = signature }
            return .thinking(ThinkingBlock(content: block["thinking"]?.stringValue, additionalInformation: information))
        case "redacted_thinking":
            return .thinking(ThinkingBlock(content: nil, additionalInformation: ["data": block["data"] ?? .null]))
        case "tool_use":
            return .toolCall(
                ToolCallBlock(
                    toolCallID: block["id"]?.stringValue,
                    toolName: block["name"]?.stringValue ?? "",
                    toolArguments: block["input"] ?? [:]
                )
            )
        default:
            return nil
        }
    }

    /// The token counts of a response's `usage`, as `additional_kwargs` keep them: the prompt
    /// counts the input with what was read from and written to the cache, as OpenInference does.
    static func tokenCounts(_ usage: JSONValue?) -> [String: JSONValue] {
        guard let usage, let input = usage["input_tokens"]?.intValue, let output = usage["output_tokens"]?.intValue
        else { return [:] }
        let written = usage["cache_creation_input_tokens"]?.intValue
        let read = usage["cache_read_input_tokens"]?.intValue
        return TokenUsage(
            promptTokens: input + (written ?? 0) + (read ?? 0),
            completionTokens: output,
            cachedTokens: read,
            cacheCreationTokens: written
        ).additionalKwargs
    }

    /// The answer of a `/v1/messages` response.
    static func chatResponse(_ json: JSONValue, transport: ModelHTTPTransport) throws -> ChatResponse {
        guard json["type"]?.stringValue == "message", let content = json["content"]?.arrayValue else {
            throw transport.malformed("a message response without content: \(json.jsonString().prefix(200))")
        }
        return ChatResponse(
            message: ChatMessage(role: .assistant, blocks: content.compactMap(contentBlock)),
            raw: json,
            additionalKwargs: tokenCounts(json["usage"])
        )
    }
}

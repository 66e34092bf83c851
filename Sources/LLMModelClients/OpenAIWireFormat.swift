import Foundation
import LLMInstrumentation
import LLMInstrumentationReading

/// The JSON of the OpenAI-compatible API: request bodies made from the library's messages, and
/// its responses read into the library's responses, as LlamaIndex's OpenAI integration does
/// (`raw` is the response, `additional_kwargs` its token counts).
enum OpenAIWireFormat {
    /// A request body: `input` (the `messages`, the `prompt` or the embedding `input`) over
    /// `options` (the API's parameters: `temperature`, `max_tokens`, `tools`,
    /// `response_format`, ...), the model unless the options name one, and the streaming fields.
    static func body(
        model: String,
        _ input: [String: JSONValue],
        options: [String: JSONValue],
        stream: Bool = false,
        requestsUsage: Bool = false
    ) -> JSONValue {
        var body = options.merging(input) { _, new in new }
        body["model"] = body["model"] ?? .string(model)
        addStreaming(stream, requestsUsage: requestsUsage, to: &body)
        return .object(body)
    }

    /// `stream: true` and, unless told not to or given already, `stream_options.include_usage`,
    /// so that a streamed answer ends with a chunk of token counts.
    private static func addStreaming(_ stream: Bool, requestsUsage: Bool, to body: inout [String: JSONValue]) {
        guard stream else {
            body["stream"] = nil
            return
        }
        body["stream"] = true
        if requestsUsage, body["stream_options"] == nil {
            body["stream_options"] = ["include_usage": true]
        }
    }

    /// One message in the API's form: text as `content` (parts when it has images), tool calls
    /// as `tool_calls`, and a tool result's `tool_call_id` from its additional kwargs.
    static func message(_ message: ChatMessage) -> JSONValue {
        var object: [String: JSONValue] = ["role": .string(role(message.role))]
        let texts = message.blocks.compactMap(\.text)
        let images = message.blocks.compactMap { block -> ImageBlock? in
            if case .image(let image) = block { return image }
            return nil
        }
        let toolCalls = message.blocks.compactMap { block -> ToolCallBlock? in
            if case .toolCall(let call) = block { return call }
            return nil
        }
        if images.isEmpty {
            object["content"] = texts.isEmpty && !toolCalls.isEmpty ? .null : .string(texts.joined(separator: "\n"))
        } else {
            object["content"] = .array(message.blocks.compactMap(contentPart))
        }
        if !toolCalls.isEmpty {
            object["tool_calls"] = .array(
                toolCalls.enumerated().map { index, call in
                    [
                        "id": .string(call.toolCallID ?? "call_\(index)"),
                        "type": "function",
                        "function": [
                            "name": .string(call.toolName),
                            "arguments": .string(call.toolArguments.stringValue ?? call.toolArguments.jsonString()),
                        ],
                    ]
                }
            )
        }
        for key in ["tool_call_id", "name"] {
            if let value = message.additionalKwargs[key] { object[key] = value }
        }
        return .object(object)
    }

    private static func role(_ role: MessageRole) -> String {
        switch role {
        case .chatbot, .model: "assistant"
        default: role.rawValue
        }
    }

    private static func contentPart(_ block: ContentBlock) -> JSONValue? {
        switch block {
        case .text(let text):
            return ["type": "text", "text": .string(text)]
        case .image(let image):
            let url =
                image.url ?? image.base64Data.map { "data:\(image.mimeType ?? "image/png");base64,\($0)" }
            guard let url else { return nil }
            var imageURL: [String: JSONValue] = ["url": .string(url)]
            if let detail = image.detail { imageURL["detail"] = .string(detail) }
            return ["type": "image_url", "image_url": .object(imageURL)]
        case .thinking, .toolCall:
            return nil
        }
    }

    /// The token counts of a response's `usage`, as `additional_kwargs` keep them
    /// (`prompt_tokens`, `completion_tokens`, `total_tokens`, and `cached_tokens` and
    /// `reasoning_tokens` when the API reports them).
    static func tokenCounts(_ usage: JSONValue?) -> [String: JSONValue] {
        guard let usage, let prompt = usage["prompt_tokens"]?.intValue,
            let completion = usage["completion_tokens"]?.intValue
        else { return [:] }
        let counts = TokenUsage(
            promptTokens: prompt,
            completionTokens: completion,
            totalTokens: usage["total_tokens"]?.intValue,
            cachedTokens: usage["prompt_tokens_details"]?["cached_tokens"]?.intValue,
            reasoningTokens: usage["completion_tokens_details"]?["reasoning_tokens"]?.intValue
        )
        return counts.additionalKwargs
    }

    /// The answer of a `/chat/completions` response.
    static func chatResponse(_ json: JSONValue, transport: ModelHTTPTransport) throws -> ChatResponse {
        guard let choice = json["choices"]?.arrayValue?.first, let message = choice["message"] else {
            throw transport.malformed("a chat completion without choices[0].message: \(json.jsonString().prefix(200))")
        }
        var blocks: [ContentBlock] = []
        if let reasoning = message["reasoning_content"]?.stringValue ?? message["reasoning"]?.stringValue,
            !reasoning.isEmpty
        {
            blocks.append(.thinking(ThinkingBlock(content: reasoning)))
        }
        if let content = message["content"]?.stringValue { blocks.append(.text(content)) }
        for call in message["tool_calls"]?.arrayValue ?? [] {
            blocks.append(.toolCall(toolCall(id: call["id"]?.stringValue, function: call["function"])))
        }
        let role = message["role"]?.stringValue.flatMap(MessageRole.init(rawValue:)) ?? .assistant
        return ChatResponse(
            message: ChatMessage(role: role, blocks: blocks),
            raw: json,
            additionalKwargs: tokenCounts(json["usage"])
        )
    }

    /// The answer of a `/completions` response.
    static func completionResponse(_ json: JSONValue, transport: ModelHTTPTransport) throws -> CompletionResponse {
        guard let text = json["choices"]?.arrayValue?.first?["text"]?.stringValue else {
            throw transport.malformed("a completion without choices[0].text: \(json.jsonString().prefix(200))")
        }
        return CompletionResponse(text: text, additionalKwargs: tokenCounts(json["usage"]), raw: json)
    }

    /// The vectors of an `/embeddings` response, in the order of the texts.
    static func embeddings(_ json: JSONValue, count: Int, transport: ModelHTTPTransport) throws -> [[Double]] {
        guard let data = json["data"]?.arrayValue, data.count == count else {
            throw transport.malformed(
                "an embedding response without \(count) vectors in data: \(json.jsonString().prefix(200))"
            )
        }
        var vectors = [[Double]](repeating: [], count: count)
        for (position, item) in data.enumerated() {
            let index = item["index"]?.intValue ?? position
            guard vectors.indices.contains(index), let values = item["embedding"]?.arrayValue else {
                throw transport.malformed("an embedding without a float vector at index \(index)")
            }
            let vector = values.compactMap(\.doubleValue)
            guard vector.count == values.count else {
                throw transport.malformed("an embedding with values that are not numbers at index \(index)")
            }
            vectors[index] = vector
        }
        return vectors
    }

    /// A tool call from its `function` object (`name`, and `arguments` as JSON text: parsed when
    /// it parses, kept as a string otherwise, as while it streams).
    static func toolCall(id: String?, function: JSONValue?) -> ToolCallBlock {
        let arguments = function?["arguments"]?.stringValue ?? ""
        return ToolCallBlock(
            toolCallID: id,
            toolName: function?["name"]?.stringValue ?? "",
            toolArguments: parsedArguments(arguments)
        )
    }

    /// `text` as JSON when it parses (the complete arguments), as a string otherwise.
    static func parsedArguments(_ text: String) -> JSONValue {
        (try? JSONParser.parse(text)) ?? .string(text)
    }
}

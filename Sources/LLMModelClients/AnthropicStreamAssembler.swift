import Foundation
import LLMInstrumentation

/// Builds the answer of a streamed `/v1/messages` call from its typed events: `message_start`
/// (the id, the model, the input token counts), `content_block_start`, `content_block_delta`
/// (text, thinking, a signature, or a piece of a tool call's JSON input), `content_block_stop`,
/// `message_delta` (the stop reason and the output token count), `message_stop` (the end), `ping`
/// and `error`.
///
/// Each delta and the `message_delta` give a ``ChatResponse`` with the message so far, the new
/// text in `delta`, and as `raw` the event with the message's `id` and `model`; the token counts
/// and the stop reason are in `additional_kwargs` once known.
struct AnthropicStreamAssembler {
    private enum Block {
        case text(String)
        case thinking(text: String, signature: String?)
        case toolUse(id: String?, name: String, inputJSON: String)
        case other
    }

    private let transport: ModelHTTPTransport
    private var blocks: [Int: Block] = [:]
    private var message: [String: JSONValue] = [:]
    private var usage: [String: JSONValue] = [:]
    private var extras: [String: JSONValue] = [:]

    init(transport: ModelHTTPTransport) {
        self.transport = transport
    }

    /// What one Server-Sent Event of the stream means.
    mutating func read(_ event: ServerSentEventParser.Event) throws -> ModelResponseStream<ChatResponse>.Step {
        let data = try transport.json(event.data)
        let type = event.type ?? data["type"]?.stringValue ?? ""
        switch type {
        case "message_start":
            message = data["message"]?.objectValue ?? [:]
            if let counts = message["usage"]?.objectValue { usage.merge(counts) { _, new in new } }
            return .skip
        case "content_block_start":
            let index = data["index"]?.intValue ?? blocks.count
            switch data["content_block"]?["type"]?.stringValue {
            case "text": blocks[index] = .text(data["content_block"]?["text"]?.stringValue ?? "")
            case "thinking": blocks[index] = .thinking(text: "", signature: nil)
            case "tool_use":
                blocks[index] = .toolUse(
                    id: data["content_block"]?["id"]?.stringValue,
                    name: data["content_block"]?["name"]?.stringValue ?? "",
                    inputJSON: ""
                )
            default: blocks[index] = .other
            }
            return .skip
        case "content_block_delta":
            let delta = apply(data["delta"], at: data["index"]?.intValue ?? 0)
            return .element(response(data, delta: delta))
        case "message_delta":
            if let reason = data["delta"]?["stop_reason"]?.stringValue { extras["finish_reason"] = .string(reason) }
            if let counts = data["usage"]?.objectValue { usage.merge(counts) { _, new in new } }
            return .element(response(data, delta: ""))
        case "message_stop":
            return .end
        case "error":
            throw ModelClientError(
                kind: .http,
                provider: transport.provider,
                errorType: data["error"]?["type"]?.stringValue,
                message: transport.redacted(data["error"]?["message"]?.stringValue ?? event.data)
            )
        default:  // `ping`, `content_block_stop` and event types added later
            return .skip
        }
    }

    /// Adds a `content_block_delta`'s delta to its block; returns its new text.
    private mutating func apply(_ delta: JSONValue?, at index: Int) -> String {
        switch (blocks[index], delta?["type"]?.stringValue) {
        case (.text(let text), "text_delta"):
            let piece = delta?["text"]?.stringValue ?? ""
            blocks[index] = .text(text + piece)
            return piece
        case (.thinking(let text, let signature), "thinking_delta"):
            blocks[index] = .thinking(text: text + (delta?["thinking"]?.stringValue ?? ""), signature: signature)
        case (.thinking(let text, _), "signature_delta"):
            blocks[index] = .thinking(text: text, signature: delta?["signature"]?.stringValue)
        case (.toolUse(let id, let name, let input), "input_json_delta"):
            blocks[index] = .toolUse(id: id, name: name, inputJSON: input + (delta?["partial_json"]?.stringValue ?? ""))
        default:
            break
        }
        return ""
    }

    private func response(_ event: JSONValue, delta: String) -> ChatResponse {
        var raw = event.objectValue ?? [:]
        raw["id"] = raw["id"] ?? message["id"]
        raw["model"] = raw["model"] ?? message["model"]
        return ChatResponse(
            message: ChatMessage(role: .assistant, blocks: blocks.keys.sorted().compactMap { block(blocks[$0]!) }),
            raw: .object(raw),
            delta: delta,
            additionalKwargs: extras.merging(AnthropicWireFormat.tokenCounts(.object(usage))) { _, new in new }
        )
    }

    private func block(_ block: Block) -> ContentBlock? {
        switch block {
        case .text(let text):
            return .text(text)
        case .thinking(let text, let signature):
            return .thinking(
                ThinkingBlock(content: text, additionalInformation: signature.map { ["signature": .string($0)] } ?? [:])
            )
        case .toolUse(let id, let name, let input):
            let arguments = input.isEmpty ? [:] : OpenAIWireFormat.parsedArguments(input)
            return .toolCall(ToolCallBlock(toolCallID: id, toolName: name, toolArguments: arguments))
        case .other:
            return nil
        }
    }
}

import Foundation
import LLMInstrumentation

/// Builds the answer of a streamed `/chat/completions` call chunk by chunk: the text and the
/// reasoning so far, and the tool calls, whose ids, names and argument text arrive in pieces
/// under their `index`.
///
/// Each chunk gives a ``ChatResponse`` with the message so far, the new text in `delta`, the
/// chunk as `raw`, and in `additional_kwargs` the finish reason once known and the token counts
/// once the usage chunk (`stream_options.include_usage`) has come.
struct OpenAIChatStreamAssembler {
    private struct ToolCall {
        var id: String?
        var name = ""
        var arguments = ""
    }

    private let transport: ModelHTTPTransport
    private var role = MessageRole.assistant
    private var text = ""
    private var reasoning = ""
    private var toolCalls: [Int: ToolCall] = [:]
    private var extras: [String: JSONValue] = [:]

    init(transport: ModelHTTPTransport) {
        self.transport = transport
    }

    /// What one Server-Sent Event of the stream means.
    mutating func read(_ event: ServerSentEventParser.Event) throws -> ModelResponseStream<ChatResponse>.Step {
        // Only unnamed (`message`) events are chunks.
        guard event.type == nil || event.type == "message" else { return .skip }
        if event.data == "[DONE]" { return .end }
        let chunk = try transport.json(event.data)
        if let error = chunk["error"] {
            throw ModelClientError(
                kind: .http,
                provider: transport.provider,
                errorType: error["type"]?.stringValue,
                errorCode: error["code"]?.stringValue,
                message: transport.redacted(error["message"]?.stringValue ?? error.jsonString())
            )
        }
        guard let choices = chunk["choices"]?.arrayValue else {
            throw transport.malformed("a chat chunk without choices: \(event.data.prefix(200))")
        }
        var delta = ""
        if let choice = choices.first {
            let change = choice["delta"]
            if let name = change?["role"]?.stringValue, let role = MessageRole(rawValue: name) { self.role = role }
            if let piece = change?["content"]?.stringValue {
                text += piece
                delta = piece
            }
            if let piece = change?["reasoning_content"]?.stringValue ?? change?["reasoning"]?.stringValue {
                reasoning += piece
            }
            for call in change?["tool_calls"]?.arrayValue ?? [] {
                let index = call["index"]?.intValue ?? toolCalls.count
                var assembled = toolCalls[index] ?? ToolCall()
                if let id = call["id"]?.stringValue { assembled.id = id }
                if let name = call["function"]?["name"]?.stringValue { assembled.name += name }
                if let arguments = call["function"]?["arguments"]?.stringValue { assembled.arguments += arguments }
                toolCalls[index] = assembled
            }
            if let reason = choice["finish_reason"]?.stringValue { extras["finish_reason"] = .string(reason) }
        }
        extras.merge(OpenAIWireFormat.tokenCounts(chunk["usage"])) { _, new in new }
        return .element(
            ChatResponse(message: message, raw: chunk, delta: delta, additionalKwargs: extras)
        )
    }

    private var message: ChatMessage {
        var blocks: [ContentBlock] = []
        if !reasoning.isEmpty { blocks.append(.thinking(ThinkingBlock(content: reasoning))) }
        if !text.isEmpty || toolCalls.isEmpty { blocks.append(.text(text)) }
        for index in toolCalls.keys.sorted() {
            let call = toolCalls[index]!
            blocks.append(
                .toolCall(
                    ToolCallBlock(
                        toolCallID: call.id,
                        toolName: call.name,
                        toolArguments: OpenAIWireFormat.parsedArguments(call.arguments)
                    )
                )
            )
        }
        return ChatMessage(role: role, blocks: blocks)
    }
}

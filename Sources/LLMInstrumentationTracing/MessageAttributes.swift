import LLMInstrumentation

/// Chat messages as OpenInference attributes, as the Python handler's `_process_messages` writes
/// them: `<prefix>.N.message.role`, then `.message.content` for a message that is one text block,
/// or `.message.contents.M.message_content.type` / `.text` / `.image.image.url` for each block
/// otherwise; `.message.name`, `.message.tool_calls.M.tool_call.*` and `.message.tool_call_id`
/// from the message's `additional_kwargs` or tool-call blocks.
enum MessageAttributes {
    static func add(_ messages: [ChatMessage], prefix: String, into attributes: inout PendingAttributes) {
        for (index, message) in messages.enumerated() {
            add(message, prefix: "\(prefix).\(index).", into: &attributes)
        }
    }

    /// `"<role>: <content>"`, as Python's `str(ChatMessage)` (and so `str(ChatResponse)`) reads.
    static func text(of message: ChatMessage) -> String {
        "\(message.role.rawValue): \(message.content ?? "None")"
    }

    private static func add(_ message: ChatMessage, prefix: String, into attributes: inout PendingAttributes) {
        attributes.set(prefix + OpenInference.messageRole, message.role.rawValue)
        var toolCalls: [JSONValue] = []
        if message.blocks.count == 1, case .text(let text) = message.blocks[0] {
            attributes.set(prefix + OpenInference.messageContent, text)
        } else {
            for (index, block) in message.blocks.enumerated() {
                let blockPrefix = "\(prefix)\(OpenInference.messageContents).\(index)."
                switch block {
                case .text(let text):
                    attributes.set(blockPrefix + OpenInference.messageContentType, "text")
                    attributes.set(blockPrefix + OpenInference.messageContentText, text)
                case .image(let image):
                    if let url = imageURL(image) {
                        attributes.set(blockPrefix + OpenInference.messageContentImageURL, url)
                        attributes.set(blockPrefix + OpenInference.messageContentType, "image")
                    }
                case .toolCall(let call):
                    var fields: [String: JSONValue] = [
                        "tool_name": .string(call.toolName), "tool_kwargs": call.toolArguments,
                    ]
                    if let id = call.toolCallID { fields["tool_call_id"] = .string(id) }
                    toolCalls.append(.object(fields))
                case .thinking:
                    break
                }
            }
        }
        let kwargs = message.additionalKwargs
        if let name = kwargs["name"]?.stringValue, !name.isEmpty {
            attributes.set(prefix + OpenInference.messageName, name)
        }
        if case .array(let calls)? = kwargs["tool_calls"], !calls.isEmpty {
            toolCalls = calls
        }
        for (index, call) in toolCalls.enumerated() {
            let callPrefix = "\(prefix)\(OpenInference.messageToolCalls).\(index)."
            for (key, value) in toolCallAttributes(call) {
                attributes.set(callPrefix + key, value)
            }
        }
        if let id = kwargs["tool_call_id"]?.stringValue, !id.isEmpty {
            attributes.set(prefix + OpenInference.messageToolCallID, id)
        }
    }

    /// `data:<mime>;base64,<data>` for inline images, otherwise the image's URL.
    private static func imageURL(_ image: ImageBlock) -> String? {
        if let data = image.base64Data, let mimeType = image.mimeType {
            return "data:\(mimeType);base64,\(data)"
        }
        return image.url
    }

    /// `_get_tool_call`: the OpenAI (`id`, `function.name`, `function.arguments`), Anthropic
    /// (`id`, `name`, `input`) and tool-call block (`tool_call_id`, `tool_name`, `tool_kwargs`)
    /// shapes.
    private static func toolCallAttributes(_ call: JSONValue) -> [(String, String)] {
        var result: [(String, String)] = []
        func text(_ value: JSONValue?) -> String? {
            switch value {
            case nil, .null?: return nil
            case .string(let text)?: return text
            case let other?: return other.jsonString()
            }
        }
        if call["tool_name"] != nil {
            if let id = call["tool_call_id"]?.stringValue, !id.isEmpty { result.append((OpenInference.toolCallID, id)) }
            if let name = call["tool_name"]?.stringValue, !name.isEmpty {
                result.append((OpenInference.toolCallFunctionName, name))
            }
            result.append((OpenInference.toolCallFunctionArguments, text(call["tool_kwargs"]) ?? "null"))
            return result
        }
        if let id = call["id"]?.stringValue, !id.isEmpty { result.append((OpenInference.toolCallID, id)) }
        if let name = call["name"]?.stringValue, !name.isEmpty {
            result.append((OpenInference.toolCallFunctionName, name))
        }
        if let function = call["function"], case .object = function {
            if let name = function["name"]?.stringValue { result.append((OpenInference.toolCallFunctionName, name)) }
            result.append((OpenInference.toolCallFunctionArguments, text(function["arguments"]) ?? "null"))
        }
        if let input = call["input"] {
            switch input {
            case .string(let text) where !text.isEmpty: result.append((OpenInference.toolCallFunctionArguments, text))
            case .object(let members) where !members.isEmpty:
                result.append((OpenInference.toolCallFunctionArguments, input.jsonString()))
            default: break
            }
        }
        return result
    }
}

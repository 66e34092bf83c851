/// One message of a chat with a model: its role, its content blocks and provider extras.
public struct ChatMessage: Sendable, Hashable, Codable, ModelDumpEncodable {
    /// Who wrote the message.
    public var role: MessageRole
    /// Provider-specific extras (tool calls in OpenAI's form, names).
    public var additionalKwargs: [String: JSONValue]
    /// The content, in order.
    public var blocks: [ContentBlock]

    /// Creates a message from blocks.
    public init(role: MessageRole, blocks: [ContentBlock], additionalKwargs: [String: JSONValue] = [:]) {
        self.role = role
        self.blocks = blocks
        self.additionalKwargs = additionalKwargs
    }

    /// Creates a text message.
    public init(role: MessageRole, content: String, additionalKwargs: [String: JSONValue] = [:]) {
        self.init(role: role, blocks: [.text(content)], additionalKwargs: additionalKwargs)
    }

    /// The text of the message: its text blocks joined by newlines, or `nil` without any.
    public var content: String? {
        let texts = blocks.compactMap(\.text)
        return texts.isEmpty ? nil : texts.joined(separator: "\n")
    }

    private enum CodingKeys: String, CodingKey {
        case role
        case additionalKwargs = "additional_kwargs"
        case blocks
    }
}

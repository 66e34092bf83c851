/// A chat with a model ended: the messages sent and the final response, or `nil` if none came.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct LLMChatEndEvent: Event {
    /// The messages sent.
    public var messages: [ChatMessage]
    /// The final response, if any.
    public var response: ChatResponse?
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(messages: [ChatMessage], response: ChatResponse? = nil, metadata: EventMetadata = EventMetadata()) {
        self.messages = messages
        self.response = response
        self.metadata = metadata
    }

    private enum CodingKeys: String, CodingKey {
        case messages, response, metadata
    }

    /// Encodes every field, `null` for those missing, as the reference does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(messages, forKey: .messages)
        try container.encode(response, forKey: .response)
        try container.encode(metadata, forKey: .metadata)
    }
}

extension LLMChatEndEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case messages = "messages", response = "response"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.messages = try container.decode([ChatMessage].self, forKey: .messages)
        self.response = try container.decodeIfPresent(ChatResponse.self, forKey: .response)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

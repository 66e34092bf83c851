/// An agent was sent a chat message.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct AgentChatWithStepStartEvent: Event {
    /// The user's message.
    public var userMsg: String
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(userMsg: String, metadata: EventMetadata = EventMetadata()) {
        self.userMsg = userMsg
        self.metadata = metadata
    }
}

extension AgentChatWithStepStartEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case userMsg = "user_msg"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.userMsg = try container.decode(String.self, forKey: .userMsg)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

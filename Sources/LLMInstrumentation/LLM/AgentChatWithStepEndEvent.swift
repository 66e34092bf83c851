/// An agent answered a chat message.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct AgentChatWithStepEndEvent: Event {
    /// The answer, if any.
    public var response: AgentChatResponse?
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(response: AgentChatResponse? = nil, metadata: EventMetadata = EventMetadata()) {
        self.response = response
        self.metadata = metadata
    }

    private enum CodingKeys: String, CodingKey {
        case response, metadata
    }

    /// Encodes every field, `null` for those missing, as the reference does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(response, forKey: .response)
        try container.encode(metadata, forKey: .metadata)
    }
}

extension AgentChatWithStepEndEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case response = "response"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.response = try container.decodeIfPresent(AgentChatResponse.self, forKey: .response)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

/// A synthesizer began to answer from chat messages.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct GetMessageResponseStartEvent: Event {
    /// The query's text.
    public var queryStr: String
    /// The messages to answer from.
    public var messageChunks: [ChatMessage]
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(queryStr: String, messageChunks: [ChatMessage], metadata: EventMetadata = EventMetadata()) {
        self.queryStr = queryStr
        self.messageChunks = messageChunks
        self.metadata = metadata
    }
}

extension GetMessageResponseStartEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case queryStr = "query_str", messageChunks = "message_chunks"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.queryStr = try container.decode(String.self, forKey: .queryStr)
        self.messageChunks = try container.decode([ChatMessage].self, forKey: .messageChunks)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

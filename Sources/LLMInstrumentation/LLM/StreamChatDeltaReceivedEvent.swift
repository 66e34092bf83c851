/// A chat engine received a piece of a streamed answer.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct StreamChatDeltaReceivedEvent: Event {
    /// The new piece.
    public var delta: String
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(delta: String, metadata: EventMetadata = EventMetadata()) {
        self.delta = delta
        self.metadata = metadata
    }
}

extension StreamChatDeltaReceivedEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case delta = "delta"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.delta = try container.decode(String.self, forKey: .delta)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

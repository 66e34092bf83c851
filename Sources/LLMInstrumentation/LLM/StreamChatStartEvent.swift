/// A chat engine began to stream an answer.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct StreamChatStartEvent: Event {
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(metadata: EventMetadata = EventMetadata()) {
        self.metadata = metadata
    }
}

extension StreamChatStartEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case unused
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

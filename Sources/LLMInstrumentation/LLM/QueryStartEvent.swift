/// A query engine was asked a query.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct QueryStartEvent: Event {
    /// The query.
    public var query: QueryInput
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(query: QueryInput, metadata: EventMetadata = EventMetadata()) {
        self.query = query
        self.metadata = metadata
    }
}

extension QueryStartEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case query = "query"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.query = try container.decode(QueryInput.self, forKey: .query)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

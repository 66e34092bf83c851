/// A response synthesizer answered.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct SynthesizeEndEvent: Event {
    /// The query.
    public var query: QueryInput
    /// The answer.
    public var response: QueryResponse
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(query: QueryInput, response: QueryResponse, metadata: EventMetadata = EventMetadata()) {
        self.query = query
        self.response = response
        self.metadata = metadata
    }
}

extension SynthesizeEndEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case query = "query", response = "response"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.query = try container.decode(QueryInput.self, forKey: .query)
        self.response = try container.decode(QueryResponse.self, forKey: .response)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

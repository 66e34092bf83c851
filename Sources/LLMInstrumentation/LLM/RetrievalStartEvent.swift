/// A retriever was asked for nodes.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct RetrievalStartEvent: Event {
    /// The query (`str_or_query_bundle`).
    public var strOrQueryBundle: QueryInput
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(strOrQueryBundle: QueryInput, metadata: EventMetadata = EventMetadata()) {
        self.strOrQueryBundle = strOrQueryBundle
        self.metadata = metadata
    }
}

extension RetrievalStartEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case strOrQueryBundle = "str_or_query_bundle"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.strOrQueryBundle = try container.decode(QueryInput.self, forKey: .strOrQueryBundle)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

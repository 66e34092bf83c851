/// A retriever returned nodes.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct RetrievalEndEvent: Event {
    /// The query (`str_or_query_bundle`).
    public var strOrQueryBundle: QueryInput
    /// The nodes found, with their scores.
    public var nodes: [NodeWithScore]
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(strOrQueryBundle: QueryInput, nodes: [NodeWithScore], metadata: EventMetadata = EventMetadata()) {
        self.strOrQueryBundle = strOrQueryBundle
        self.nodes = nodes
        self.metadata = metadata
    }
}

extension RetrievalEndEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case strOrQueryBundle = "str_or_query_bundle", nodes = "nodes"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.strOrQueryBundle = try container.decode(QueryInput.self, forKey: .strOrQueryBundle)
        self.nodes = try container.decode([NodeWithScore].self, forKey: .nodes)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

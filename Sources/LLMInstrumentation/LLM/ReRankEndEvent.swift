/// A reranker reordered nodes.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct ReRankEndEvent: Event {
    /// The nodes kept, in their new order.
    public var nodes: [NodeWithScore]
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(nodes: [NodeWithScore], metadata: EventMetadata = EventMetadata()) {
        self.nodes = nodes
        self.metadata = metadata
    }
}

extension ReRankEndEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case nodes = "nodes"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.nodes = try container.decode([NodeWithScore].self, forKey: .nodes)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

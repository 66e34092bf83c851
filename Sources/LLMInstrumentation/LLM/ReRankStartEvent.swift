/// A reranker began to reorder nodes.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct ReRankStartEvent: Event {
    /// The query, if any.
    public var query: QueryInput?
    /// The nodes to reorder.
    public var nodes: [NodeWithScore]
    /// How many to keep.
    public var topN: Int
    /// The reranking model.
    public var modelName: String
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(query: QueryInput? = nil, nodes: [NodeWithScore], topN: Int, modelName: String, metadata: EventMetadata = EventMetadata()) {
        self.query = query
        self.nodes = nodes
        self.topN = topN
        self.modelName = modelName
        self.metadata = metadata
    }

    private enum CodingKeys: String, CodingKey {
        case query, nodes, topN, modelName, metadata
    }

    /// Encodes every field, `null` for those missing, as the reference does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(query, forKey: .query)
        try container.encode(nodes, forKey: .nodes)
        try container.encode(topN, forKey: .topN)
        try container.encode(modelName, forKey: .modelName)
        try container.encode(metadata, forKey: .metadata)
    }
}

extension ReRankStartEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case query = "query", nodes = "nodes", topN = "top_n", modelName = "model_name"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.query = try container.decodeIfPresent(QueryInput.self, forKey: .query)
        self.nodes = try container.decode([NodeWithScore].self, forKey: .nodes)
        self.topN = try container.decode(Int.self, forKey: .topN)
        self.modelName = try container.decode(String.self, forKey: .modelName)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

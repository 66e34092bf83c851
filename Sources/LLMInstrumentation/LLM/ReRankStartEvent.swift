/// A reranker began to reorder nodes.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct ReRankStartEvent: Event, Decodable {
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
    public init(
        query: QueryInput? = nil,
        nodes: [NodeWithScore],
        topN: Int,
        modelName: String,
        metadata: EventMetadata = EventMetadata()
    ) {
        self.query = query
        self.nodes = nodes
        self.topN = topN
        self.modelName = modelName
        self.metadata = metadata
    }
}

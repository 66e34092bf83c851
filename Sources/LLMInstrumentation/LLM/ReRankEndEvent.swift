/// A reranker reordered nodes.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct ReRankEndEvent: Event, Decodable {
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

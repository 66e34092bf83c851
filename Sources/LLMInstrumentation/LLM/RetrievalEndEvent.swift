/// A retriever returned nodes.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct RetrievalEndEvent: Event, Decodable {
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

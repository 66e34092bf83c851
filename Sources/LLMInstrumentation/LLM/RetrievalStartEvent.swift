/// A retriever was asked for nodes.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct RetrievalStartEvent: Event, Decodable {
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

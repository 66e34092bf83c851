/// Texts were embedded.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct EmbeddingEndEvent: Event, Decodable {
    /// The texts embedded.
    public var chunks: [String]
    /// Their embeddings, in order.
    public var embeddings: [[Double]]
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(chunks: [String], embeddings: [[Double]], metadata: EventMetadata = EventMetadata()) {
        self.chunks = chunks
        self.embeddings = embeddings
        self.metadata = metadata
    }
}

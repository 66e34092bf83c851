/// Texts were embedded sparsely.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct SparseEmbeddingEndEvent: Event, Decodable {
    /// The texts embedded.
    public var chunks: [String]
    /// Their sparse embeddings: index to weight, in order.
    public var embeddings: [[Int: Double]]
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(chunks: [String], embeddings: [[Int: Double]], metadata: EventMetadata = EventMetadata()) {
        self.chunks = chunks
        self.embeddings = embeddings
        self.metadata = metadata
    }
}

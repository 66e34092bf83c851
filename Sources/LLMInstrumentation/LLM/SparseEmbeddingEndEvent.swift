/// Texts were embedded sparsely.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct SparseEmbeddingEndEvent: Event {
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

extension SparseEmbeddingEndEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case chunks = "chunks", embeddings = "embeddings"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.chunks = try container.decode([String].self, forKey: .chunks)
        self.embeddings = try container.decode([[Int: Double]].self, forKey: .embeddings)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

/// A query with what a retriever may use besides its text, as the reference's `QueryBundle`.
public struct QueryBundle: Sendable, Hashable, Codable, ModelDumpEncodable {
    /// The query's text.
    public var queryStr: String
    /// An image the query is about, by path, if any.
    public var imagePath: String?
    /// Texts to embed instead of the query's, if any.
    public var customEmbeddingStrs: [String]?
    /// The query's embedding, if already computed.
    public var embedding: [Double]?

    /// Creates a query bundle.
    public init(
        queryStr: String,
        imagePath: String? = nil,
        customEmbeddingStrs: [String]? = nil,
        embedding: [Double]? = nil
    ) {
        self.queryStr = queryStr
        self.imagePath = imagePath
        self.customEmbeddingStrs = customEmbeddingStrs
        self.embedding = embedding
    }

    private enum CodingKeys: String, CodingKey {
        case queryStr = "query_str"
        case imagePath = "image_path"
        case customEmbeddingStrs = "custom_embedding_strs"
        case embedding
    }
}

/// A query with what a retriever may use besides its text, as the reference's `QueryBundle`.
public struct QueryBundle: Sendable, Hashable, Codable {
    /// The query's text.
    public var queryStr: String
    /// An image the query is about, by path, if any.
    public var imagePath: String?
    /// Texts to embed instead of the query's, if any.
    public var customEmbeddingStrs: [String]?
    /// The query's embedding, if already computed.
    public var embedding: [Double]?

    /// Creates a query bundle.
    public init(queryStr: String, imagePath: String? = nil, customEmbeddingStrs: [String]? = nil, embedding: [Double]? = nil) {
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

    /// Encodes every field, `null` for those missing, as the reference does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(queryStr, forKey: .queryStr)
        try container.encode(imagePath, forKey: .imagePath)
        try container.encode(customEmbeddingStrs, forKey: .customEmbeddingStrs)
        try container.encode(embedding, forKey: .embedding)
    }
}

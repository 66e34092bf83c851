/// A retrieved piece of text with its score: the reference's `NodeWithScore` around a
/// `TextNode`. Encodes in the reference's shape, with its defaults for the fields kept here.
public struct NodeWithScore: Sendable, Hashable, Codable {
    /// The node's id.
    public var id: String
    /// The node's text.
    public var text: String
    /// The node's metadata (source, page, ...).
    public var metadata: [String: JSONValue]
    /// The retrieval or rerank score, if any.
    public var score: Double?

    /// Creates a scored node.
    public init(id: String, text: String, metadata: [String: JSONValue] = [:], score: Double? = nil) {
        self.id = id
        self.text = text
        self.metadata = metadata
        self.score = score
    }

    private enum CodingKeys: String, CodingKey {
        case node, score
        case className = "class_name"
    }

    private enum NodeKeys: String, CodingKey {
        case id = "id_"
        case embedding, metadata, relationships, text, mimetype
        case excludedEmbedMetadataKeys = "excluded_embed_metadata_keys"
        case excludedLLMMetadataKeys = "excluded_llm_metadata_keys"
        case metadataTemplate = "metadata_template"
        case metadataSeparator = "metadata_separator"
        case startCharIdx = "start_char_idx"
        case endCharIdx = "end_char_idx"
        case textTemplate = "text_template"
        case className = "class_name"
    }

    /// Encodes the node as the reference's `TextNode` with its defaults, and the score.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var node = container.nestedContainer(keyedBy: NodeKeys.self, forKey: .node)
        try node.encode(id, forKey: .id)
        try node.encodeNil(forKey: .embedding)
        try node.encode(metadata, forKey: .metadata)
        try node.encode([String](), forKey: .excludedEmbedMetadataKeys)
        try node.encode([String](), forKey: .excludedLLMMetadataKeys)
        try node.encode([String: JSONValue](), forKey: .relationships)
        try node.encode("{key}: {value}", forKey: .metadataTemplate)
        try node.encode("\n", forKey: .metadataSeparator)
        try node.encode(text, forKey: .text)
        try node.encode("text/plain", forKey: .mimetype)
        try node.encodeNil(forKey: .startCharIdx)
        try node.encodeNil(forKey: .endCharIdx)
        try node.encode("{metadata_str}\n\n{content}", forKey: .textTemplate)
        try node.encode("TextNode", forKey: .className)
        try container.encode(score, forKey: .score)
        try container.encode("NodeWithScore", forKey: .className)
    }

    /// Decodes a scored node from the reference's shape.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let node = try container.nestedContainer(keyedBy: NodeKeys.self, forKey: .node)
        self.init(
            id: try node.decode(String.self, forKey: .id),
            text: try node.decodeIfPresent(String.self, forKey: .text) ?? "",
            metadata: try node.decodeIfPresent([String: JSONValue].self, forKey: .metadata) ?? [:],
            score: try container.decodeIfPresent(Double.self, forKey: .score)
        )
    }
}

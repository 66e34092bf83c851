/// The answer of a query engine or synthesizer, as the reference's `Response`.
public struct QueryResponse: Sendable, Hashable, Codable {
    /// The answer's text, if any.
    public var response: String?
    /// The nodes the answer was made from.
    public var sourceNodes: [NodeWithScore]
    /// Extra facts about the answer.
    public var metadata: [String: JSONValue]?

    /// Creates a response.
    public init(response: String?, sourceNodes: [NodeWithScore] = [], metadata: [String: JSONValue]? = nil) {
        self.response = response
        self.sourceNodes = sourceNodes
        self.metadata = metadata
    }

    private enum CodingKeys: String, CodingKey {
        case response
        case sourceNodes = "source_nodes"
        case metadata
    }

    /// Encodes every field, `null` for those missing, as the reference does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(response, forKey: .response)
        try container.encode(sourceNodes, forKey: .sourceNodes)
        try container.encode(metadata, forKey: .metadata)
    }
}

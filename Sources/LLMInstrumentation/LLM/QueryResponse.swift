/// The answer of a query engine or synthesizer, as the reference's `Response`.
public struct QueryResponse: Sendable, Hashable, Codable, ModelDumpEncodable {
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
}

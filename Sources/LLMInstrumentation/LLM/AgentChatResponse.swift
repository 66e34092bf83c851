/// An agent's answer to a chat message, as the reference's `AgentChatResponse`.
public struct AgentChatResponse: Sendable, Hashable, Codable, ModelDumpEncodable {
    /// The answer's text.
    public var response: String
    /// What the tools called on the way returned, in the reference's dump form.
    public var sources: [JSONValue]
    /// The nodes the answer was made from.
    public var sourceNodes: [NodeWithScore]
    /// Whether the answer is a placeholder for a stream.
    public var isDummyStream: Bool
    /// Extra facts about the answer.
    public var metadata: [String: JSONValue]?

    /// Creates an agent response.
    public init(
        response: String,
        sources: [JSONValue] = [],
        sourceNodes: [NodeWithScore] = [],
        isDummyStream: Bool = false,
        metadata: [String: JSONValue]? = nil
    ) {
        self.response = response
        self.sources = sources
        self.sourceNodes = sourceNodes
        self.isDummyStream = isDummyStream
        self.metadata = metadata
    }

    private enum CodingKeys: String, CodingKey {
        case response, sources
        case sourceNodes = "source_nodes"
        case isDummyStream = "is_dummy_stream"
        case metadata
    }
}

/// An agent called a tool.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct AgentToolCallEvent: Event {
    /// The arguments, as the JSON text the model wrote.
    public var arguments: String
    /// The tool called.
    public var tool: ToolMetadata
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(arguments: String, tool: ToolMetadata, metadata: EventMetadata = EventMetadata()) {
        self.arguments = arguments
        self.tool = tool
        self.metadata = metadata
    }
}

extension AgentToolCallEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case arguments = "arguments", tool = "tool"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.arguments = try container.decode(String.self, forKey: .arguments)
        self.tool = try container.decode(ToolMetadata.self, forKey: .tool)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

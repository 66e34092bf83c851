/// An agent called a tool.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct AgentToolCallEvent: Event, Decodable {
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

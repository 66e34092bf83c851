/// What an agent knows of a tool: its name, its description and the JSON schema of its
/// parameters, as the reference's `ToolMetadata`.
public struct ToolMetadata: Sendable, Hashable, Codable, ModelDumpEncodable {
    /// The tool's name.
    public var name: String
    /// What the tool does, for the model.
    public var description: String
    /// The JSON schema of the tool's parameters (`fn_schema`), if any.
    public var parametersSchema: JSONValue?
    /// Whether the tool's output is returned to the user as it is.
    public var returnDirect: Bool

    /// Creates tool metadata.
    public init(name: String, description: String, parametersSchema: JSONValue? = nil, returnDirect: Bool = false) {
        self.name = name
        self.description = description
        self.parametersSchema = parametersSchema
        self.returnDirect = returnDirect
    }

    private enum CodingKeys: String, CodingKey {
        case name, description
        case parametersSchema = "fn_schema"
        case returnDirect = "return_direct"
    }
}

/// An agent began a step of a task.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct AgentRunStepStartEvent: Event {
    /// The task (`task_id`).
    public var taskID: String
    /// The step, in its dump form, if any.
    public var step: JSONValue?
    /// The step's input, if any.
    public var input: String?
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(taskID: String, step: JSONValue? = nil, input: String? = nil, metadata: EventMetadata = EventMetadata()) {
        self.taskID = taskID
        self.step = step
        self.input = input
        self.metadata = metadata
    }

    private enum CodingKeys: String, CodingKey {
        case taskID, step, input, metadata
    }

    /// Encodes every field, `null` for those missing, as the reference does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(taskID, forKey: .taskID)
        try container.encode(step, forKey: .step)
        try container.encode(input, forKey: .input)
        try container.encode(metadata, forKey: .metadata)
    }
}

extension AgentRunStepStartEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case taskID = "task_id", step = "step", input = "input"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.taskID = try container.decode(String.self, forKey: .taskID)
        self.step = try container.decodeIfPresent(JSONValue.self, forKey: .step)
        self.input = try container.decodeIfPresent(String.self, forKey: .input)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

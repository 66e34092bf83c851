/// An agent began a step of a task.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct AgentRunStepStartEvent: Event, Decodable {
    /// The task (`task_id`).
    public var taskID: String
    /// The step, in its dump form, if any.
    public var step: JSONValue?
    /// The step's input, if any.
    public var input: String?
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(taskID: String, step: JSONValue? = nil, input: String? = nil, metadata: EventMetadata = EventMetadata())
    {
        self.taskID = taskID
        self.step = step
        self.input = input
        self.metadata = metadata
    }
}

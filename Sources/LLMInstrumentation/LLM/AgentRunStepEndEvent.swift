/// An agent finished a step.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct AgentRunStepEndEvent: Event, Decodable {
    /// What the step produced, in its dump form.
    public var stepOutput: JSONValue
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(stepOutput: JSONValue, metadata: EventMetadata = EventMetadata()) {
        self.stepOutput = stepOutput
        self.metadata = metadata
    }
}

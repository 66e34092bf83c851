/// An agent finished a step.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct AgentRunStepEndEvent: Event {
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

extension AgentRunStepEndEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case stepOutput = "step_output"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.stepOutput = try container.decode(JSONValue.self, forKey: .stepOutput)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

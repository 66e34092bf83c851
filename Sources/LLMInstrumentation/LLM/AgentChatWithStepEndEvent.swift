/// An agent answered a chat message.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct AgentChatWithStepEndEvent: Event, Decodable {
    /// The answer, if any.
    public var response: AgentChatResponse?
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(response: AgentChatResponse? = nil, metadata: EventMetadata = EventMetadata()) {
        self.response = response
        self.metadata = metadata
    }
}

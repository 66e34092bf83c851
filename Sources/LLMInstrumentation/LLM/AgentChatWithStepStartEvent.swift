/// An agent was sent a chat message.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct AgentChatWithStepStartEvent: Event, Decodable {
    /// The user's message.
    public var userMsg: String
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(userMsg: String, metadata: EventMetadata = EventMetadata()) {
        self.userMsg = userMsg
        self.metadata = metadata
    }
}

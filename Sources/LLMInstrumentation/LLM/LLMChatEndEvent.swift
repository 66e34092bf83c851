/// A chat with a model ended: the messages sent and the final response, or `nil` if none came.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct LLMChatEndEvent: Event, Decodable {
    /// The messages sent.
    public var messages: [ChatMessage]
    /// The final response, if any.
    public var response: ChatResponse?
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(messages: [ChatMessage], response: ChatResponse? = nil, metadata: EventMetadata = EventMetadata()) {
        self.messages = messages
        self.response = response
        self.metadata = metadata
    }
}

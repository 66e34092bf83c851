/// A streamed chat produced another piece: the messages sent and the response so far, with its `delta`.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct LLMChatInProgressEvent: Event, Decodable {
    /// The messages sent.
    public var messages: [ChatMessage]
    /// The response so far; `delta` holds the new piece.
    public var response: ChatResponse
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(messages: [ChatMessage], response: ChatResponse, metadata: EventMetadata = EventMetadata()) {
        self.messages = messages
        self.response = response
        self.metadata = metadata
    }
}

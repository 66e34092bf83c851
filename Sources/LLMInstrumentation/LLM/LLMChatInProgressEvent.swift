/// A streamed chat produced another piece: the messages sent and the response so far, with its `delta`.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct LLMChatInProgressEvent: Event {
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

extension LLMChatInProgressEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case messages = "messages", response = "response"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.messages = try container.decode([ChatMessage].self, forKey: .messages)
        self.response = try container.decode(ChatResponse.self, forKey: .response)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

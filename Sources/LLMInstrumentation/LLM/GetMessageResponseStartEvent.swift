/// A synthesizer began to answer from chat messages.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct GetMessageResponseStartEvent: Event, Decodable {
    /// The query's text.
    public var queryStr: String
    /// The messages to answer from.
    public var messageChunks: [ChatMessage]
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(queryStr: String, messageChunks: [ChatMessage], metadata: EventMetadata = EventMetadata()) {
        self.queryStr = queryStr
        self.messageChunks = messageChunks
        self.metadata = metadata
    }
}

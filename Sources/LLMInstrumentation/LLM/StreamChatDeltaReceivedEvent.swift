/// A chat engine received a piece of a streamed answer.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct StreamChatDeltaReceivedEvent: Event, Decodable {
    /// The new piece.
    public var delta: String
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(delta: String, metadata: EventMetadata = EventMetadata()) {
        self.delta = delta
        self.metadata = metadata
    }
}

/// A synthesizer finished answering from text chunks.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct GetResponseEndEvent: Event, Decodable {
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(metadata: EventMetadata = EventMetadata()) {
        self.metadata = metadata
    }
}

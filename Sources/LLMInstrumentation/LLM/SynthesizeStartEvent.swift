/// A response synthesizer began to answer.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct SynthesizeStartEvent: Event, Decodable {
    /// The query.
    public var query: QueryInput
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(query: QueryInput, metadata: EventMetadata = EventMetadata()) {
        self.query = query
        self.metadata = metadata
    }
}

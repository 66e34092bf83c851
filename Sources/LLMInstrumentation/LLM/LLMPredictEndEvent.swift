/// A prediction from a prompt template ended.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct LLMPredictEndEvent: Event, Decodable {
    /// The text predicted.
    public var output: String
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(output: String, metadata: EventMetadata = EventMetadata()) {
        self.output = output
        self.metadata = metadata
    }
}

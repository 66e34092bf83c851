/// A streamed structured prediction produced a partial output.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct LLMStructuredPredictInProgressEvent: Event, Decodable {
    /// The partial output.
    public var output: JSONValue
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(output: JSONValue, metadata: EventMetadata = EventMetadata()) {
        self.output = output
        self.metadata = metadata
    }
}

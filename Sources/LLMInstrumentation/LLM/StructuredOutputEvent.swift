/// A structured prediction produced output: the one body of
/// ``LLMStructuredPredictInProgressEvent`` (a partial output, while it streams) and
/// ``LLMStructuredPredictEndEvent`` (the final output), which differ only in their ``EventKind``
/// (and so in their `class_name`).
///
/// Encodes like the reference's events of those names (`model_dump(mode="json")`).
public struct StructuredOutputEvent<Kind: EventKind>: Event, Decodable {
    /// The output: the partial one so far while it streams, the final one when it ended.
    public var output: JSONValue
    /// The shared event fields.
    public var metadata: EventMetadata

    /// The kind's event name (`LLMStructuredPredictInProgressEvent`,
    /// `LLMStructuredPredictEndEvent`).
    public static var className: String { Kind.className }

    /// Creates the event in the current context (active span and tags).
    public init(output: JSONValue, metadata: EventMetadata = EventMetadata()) {
        self.output = output
        self.metadata = metadata
    }
}

/// A streamed completion produced another piece.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct LLMCompletionInProgressEvent: Event, Decodable {
    /// The prompt sent.
    public var prompt: String
    /// The completion so far; `delta` holds the new piece.
    public var response: CompletionResponse
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(prompt: String, response: CompletionResponse, metadata: EventMetadata = EventMetadata()) {
        self.prompt = prompt
        self.response = response
        self.metadata = metadata
    }
}

/// A completion produced text: the one body of ``LLMCompletionInProgressEvent`` and
/// ``LLMCompletionEndEvent``, which differ only in their ``EventKind`` (and so in their
/// `class_name`).
///
/// Encodes like the reference's events of those names (`model_dump(mode="json")`).
public struct CompletionTextEvent<Kind: EventKind>: Event, Decodable {
    /// The prompt sent.
    public var prompt: String
    /// The completion: the final one when it ended, the one so far (with the new piece in
    /// `delta`) while it streams.
    public var response: CompletionResponse
    /// The shared event fields.
    public var metadata: EventMetadata

    /// The kind's event name (`LLMCompletionInProgressEvent`, `LLMCompletionEndEvent`).
    public static var className: String { Kind.className }

    /// Creates the event in the current context (active span and tags).
    public init(prompt: String, response: CompletionResponse, metadata: EventMetadata = EventMetadata()) {
        self.prompt = prompt
        self.response = response
        self.metadata = metadata
    }
}

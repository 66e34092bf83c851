/// A streamed completion produced another piece: the reference's `LLMCompletionInProgressEvent` (see ``CompletionTextEvent``).
public typealias LLMCompletionInProgressEvent = CompletionTextEvent<LLMCompletionInProgressEventKind>

/// The kind of ``LLMCompletionInProgressEvent``.
public enum LLMCompletionInProgressEventKind: EventKind {
    /// `LLMCompletionInProgressEvent`.
    public static let className = "LLMCompletionInProgressEvent"
}

/// A completion ended: the reference's `LLMCompletionEndEvent` (see ``CompletionTextEvent``).
public typealias LLMCompletionEndEvent = CompletionTextEvent<LLMCompletionEndEventKind>

/// The kind of ``LLMCompletionEndEvent``.
public enum LLMCompletionEndEventKind: EventKind {
    /// `LLMCompletionEndEvent`.
    public static let className = "LLMCompletionEndEvent"
}

/// A structured prediction ended: the reference's `LLMStructuredPredictEndEvent` (see ``StructuredOutputEvent``).
public typealias LLMStructuredPredictEndEvent = StructuredOutputEvent<LLMStructuredPredictEndEventKind>

/// The kind of ``LLMStructuredPredictEndEvent``.
public enum LLMStructuredPredictEndEventKind: EventKind {
    /// `LLMStructuredPredictEndEvent`.
    public static let className = "LLMStructuredPredictEndEvent"
}

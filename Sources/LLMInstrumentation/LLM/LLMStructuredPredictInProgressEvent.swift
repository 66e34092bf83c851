/// A streamed structured prediction produced a partial output: the reference's `LLMStructuredPredictInProgressEvent` (see ``StructuredOutputEvent``).
public typealias LLMStructuredPredictInProgressEvent = StructuredOutputEvent<LLMStructuredPredictInProgressEventKind>

/// The kind of ``LLMStructuredPredictInProgressEvent``.
public enum LLMStructuredPredictInProgressEventKind: EventKind {
    /// `LLMStructuredPredictInProgressEvent`.
    public static let className = "LLMStructuredPredictInProgressEvent"
}

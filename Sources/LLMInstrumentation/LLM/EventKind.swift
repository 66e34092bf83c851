/// What tells apart events that share one body (``ErrorTextEvent``, ``CompletionTextEvent``,
/// ``QueryQuestionEvent``, ``QueryAnswerEvent``, ``EmbeddingModelEvent``,
/// ``StructuredOutputEvent``, ``MarkerEvent``): the name each is dumped and decoded under.
public protocol EventKind: Sendable {
    /// The event's `class_name`, as the reference names it.
    static var className: String { get }
}

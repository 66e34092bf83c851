/// A synthesizer finished answering from chat messages: the reference's `GetMessageResponseEndEvent` (see ``MarkerEvent``).
public typealias GetMessageResponseEndEvent = MarkerEvent<GetMessageResponseEndEventKind>

/// The kind of ``GetMessageResponseEndEvent``.
public enum GetMessageResponseEndEventKind: EventKind {
    /// `GetMessageResponseEndEvent`.
    public static let className = "GetMessageResponseEndEvent"
}

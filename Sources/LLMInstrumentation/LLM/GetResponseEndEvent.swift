/// A synthesizer finished answering from text chunks: the reference's `GetResponseEndEvent` (see ``MarkerEvent``).
public typealias GetResponseEndEvent = MarkerEvent<GetResponseEndEventKind>

/// The kind of ``GetResponseEndEvent``.
public enum GetResponseEndEventKind: EventKind {
    /// `GetResponseEndEvent`.
    public static let className = "GetResponseEndEvent"
}

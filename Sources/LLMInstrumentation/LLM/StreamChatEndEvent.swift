/// A chat engine finished streaming an answer: the reference's `StreamChatEndEvent` (see ``MarkerEvent``).
public typealias StreamChatEndEvent = MarkerEvent<StreamChatEndEventKind>

/// The kind of ``StreamChatEndEvent``.
public enum StreamChatEndEventKind: EventKind {
    /// `StreamChatEndEvent`.
    public static let className = "StreamChatEndEvent"
}

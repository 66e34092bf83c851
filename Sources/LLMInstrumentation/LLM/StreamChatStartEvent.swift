/// A chat engine began to stream an answer: the reference's `StreamChatStartEvent` (see ``MarkerEvent``).
public typealias StreamChatStartEvent = MarkerEvent<StreamChatStartEventKind>

/// The kind of ``StreamChatStartEvent``.
public enum StreamChatStartEventKind: EventKind {
    /// `StreamChatStartEvent`.
    public static let className = "StreamChatStartEvent"
}

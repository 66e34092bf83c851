/// A streamed chat answer failed: the reference's `StreamChatErrorEvent`, dumped as
/// `{"exception": "<text>"}` (see ``ErrorTextEvent``).
public typealias StreamChatErrorEvent = ErrorTextEvent<StreamChatErrorEventKind>

/// The kind of ``StreamChatErrorEvent``.
public enum StreamChatErrorEventKind: EventKind {
    /// `StreamChatErrorEvent`.
    public static let className = "StreamChatErrorEvent"
}

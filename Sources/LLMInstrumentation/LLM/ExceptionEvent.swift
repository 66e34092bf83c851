/// An error was caught and reported: the reference's `ExceptionEvent`, dumped as
/// `{"exception": "<text>"}` (see ``ErrorTextEvent``).
public typealias ExceptionEvent = ErrorTextEvent<ExceptionEventKind>

/// The kind of ``ExceptionEvent``.
public enum ExceptionEventKind: EventKind {
    /// `ExceptionEvent`.
    public static let className = "ExceptionEvent"
}

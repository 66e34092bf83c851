/// The error with which ``Dispatcher/shutdown()`` drops the spans still open.
public struct DispatcherShutdownError: Error, CustomStringConvertible, Sendable {
    /// Creates the error.
    public init() {}

    /// `"dispatcher shutdown"`, as in the reference.
    public var description: String { "dispatcher shutdown" }
}

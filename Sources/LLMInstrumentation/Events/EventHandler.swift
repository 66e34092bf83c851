/// Receives the events of every dispatcher it is added to (and of their descendants that
/// propagate).
///
/// Implement ``handle(_:)`` to act on events; look at the concrete type with a cast:
///
/// ```swift
/// struct PrintingHandler: EventHandler {
///     func handle(_ event: some Event) {
///         if let drop = event as? SpanDropEvent { print("failed:", drop.errorDescription) }
///     }
/// }
/// Dispatcher.named("MyApp").addEventHandler(PrintingHandler())
/// ```
///
/// A handler may throw: the error is counted and reported through swift-log, and never reaches
/// the instrumented code or the other handlers.
public protocol EventHandler: Sendable {
    /// Handles one event, on the caller's thread. Keep it quick: it runs inside the instrumented
    /// code's call.
    func handle(_ event: some Event) throws

    /// Handles one event from ``Dispatcher/asyncEvent(_:)``, concurrently with the other
    /// handlers: the reference's `ahandle`. Defaults to the synchronous ``handle(_:)``.
    func asyncHandle(_ event: some Event) async throws
}

extension EventHandler {
    /// Calls the synchronous ``handle(_:)``.
    public func asyncHandle(_ event: some Event) async throws {
        try handle(event)
    }
}

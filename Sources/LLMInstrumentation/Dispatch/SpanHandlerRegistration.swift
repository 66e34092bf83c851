/// One span handler as added to one dispatcher, with the spans it has open: the open-span
/// bookkeeping the library does for every span handler, so that a handler author writes only the
/// hooks.
///
/// A protocol over ``TypedSpanHandlerRegistration``, which knows the handler's span type, so that
/// a chain holds the registrations of handlers of any span type.
protocol SpanHandlerRegistration: AnyObject, Sendable {
    var diagnostics: HandlerDiagnostics { get }
    /// Whether the handler does nothing (`NullSpanHandler`): it is left out of the chains.
    var isNoOp: Bool { get }
    /// Whether the handler reads bound arguments (see ``SelectiveSpanHandler``).
    var readsBoundArguments: Bool { get }
    /// Whether the handler reads results (see ``SelectiveSpanHandler``).
    var readsResults: Bool { get }
    /// The number of spans open in the handler.
    var openSpanCount: Int { get }

    /// Makes the handler's span for `entry` and keeps it open; returns the key that finds it
    /// again, or `nil` when the handler made none (or failed, which is reported). A span entered
    /// by hand (`byID`) is also found by its id, and is not entered again while open.
    func enter(_ entry: SpanEntry, byID: Bool, on dispatcher: Dispatcher) -> Int?

    /// Ends the open span `key` (or, for `nil`, the open span with the exit's id) normally.
    func exit(_ exit: SpanExit, key: Int?, on dispatcher: Dispatcher)

    /// Ends the open span `key` (or, for `nil`, the open span with the drop's id) with an error.
    func drop(_ drop: SpanDrop, key: Int?, on dispatcher: Dispatcher)

    /// Whether a shutdown began closing the handler: it is left out of the chains made from now.
    var isClosing: Bool { get }

    /// Begins closing the handler for a shutdown: takes its open spans (to drop in
    /// ``finishClosing(with:at:on:)``), and spans entered from now on are not kept (a span
    /// made meanwhile is dropped at once).
    func startClosing()

    /// The handler's share of a propagation context.
    func capturePropagationContext(on dispatcher: Dispatcher) -> [String: JSONValue]

    /// Hands a propagation context to the handler.
    func restorePropagationContext(_ context: [String: JSONValue], on dispatcher: Dispatcher)

    /// Drops the spans ``startClosing()`` took with `error`, at the monotonic time `end`, then
    /// closes the handler. Called once no hook of the handler is under way.
    func finishClosing(with error: any Error, at end: UInt64, on dispatcher: Dispatcher)
}

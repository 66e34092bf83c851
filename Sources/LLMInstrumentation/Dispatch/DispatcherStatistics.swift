/// What a ``Dispatcher`` has counted: its handlers' failures, what it refused, and the spans open
/// in its handlers. One value, read at once with ``Dispatcher/statistics``.
public struct DispatcherStatistics: Sendable, Hashable {
    /// How often each handler the dispatcher delivers to (its own and its ancestors') has failed.
    public var handlerFailures: [HandlerFailureCount]
    /// Events and spans refused because of a shutdown.
    public var refusedAfterShutdownCount: Int
    /// Events and span entries refused because handlers emitting from inside their own hooks
    /// nested more than ``Dispatcher/maximumNestedHandlerCalls`` calls on one thread.
    public var refusedReentrantCount: Int
    /// Spans entered and not yet ended in the span handlers the dispatcher delivers to.
    public var openSpanCount: Int
    /// Whether ``Dispatcher/shutdown()`` was called on the dispatcher.
    public var hasShutDown: Bool

    /// Creates statistics.
    public init(
        handlerFailures: [HandlerFailureCount] = [],
        refusedAfterShutdownCount: Int = 0,
        refusedReentrantCount: Int = 0,
        openSpanCount: Int = 0,
        hasShutDown: Bool = false
    ) {
        self.handlerFailures = handlerFailures
        self.refusedAfterShutdownCount = refusedAfterShutdownCount
        self.refusedReentrantCount = refusedReentrantCount
        self.openSpanCount = openSpanCount
        self.hasShutDown = hasShutDown
    }

    /// The failures of all handlers, added up.
    public var totalHandlerFailures: Int {
        handlerFailures.reduce(0) { $0 + $1.failures }
    }
}

/// The handlers one dispatcher delivers to: its own and those of its ancestors up to the first
/// that does not propagate, no-op handlers left out. Immutable; a dispatcher swaps in a new chain
/// whenever a handler is added or removed or the hierarchy changes, so delivering never walks the
/// hierarchy and never holds a lock while a handler runs.
// `@unchecked`: the unretained buffers are written once, in `init`, and only read after.
final class HandlerChain: @unchecked Sendable {
    let eventHandlers: [HandlerRegistration<any EventHandler>]
    let spanHandlers: [HandlerRegistration<any SpanHandler>]

    /// The registrations of ``eventHandlers`` and ``spanHandlers``, unretained, in one buffer the
    /// chain owns: delivering reads them without counting references (each count of a shared
    /// object is an atomic operation, and reading the arrays counts the array and each
    /// registration). The arrays keep the registrations alive as long as the chain lives, and
    /// whoever reads these holds the chain.
    let unretainedEventHandlers: UnsafeBufferPointer<Unmanaged<HandlerRegistration<any EventHandler>>>
    /// See ``unretainedEventHandlers``.
    let unretainedSpanHandlers: UnsafeBufferPointer<Unmanaged<HandlerRegistration<any SpanHandler>>>

    /// Whether a span handler on the chain reads bound arguments, so they must be built.
    let spanHandlersReceiveArguments: Bool

    /// Whether a span handler on the chain reads results, so they must be passed on.
    let spanHandlersReceiveResults: Bool

    /// What span handlers on this chain must not see of the bound arguments.
    let redaction: ArgumentRedaction

    /// Whether the chain stops at a dispatcher that was shut down (whose handlers, and those of
    /// its ancestors, are left out).
    let isCutByShutdown: Bool

    init(
        eventHandlers: [HandlerRegistration<any EventHandler>] = [],
        spanHandlers: [HandlerRegistration<any SpanHandler>] = [],
        redaction: ArgumentRedaction = .default,
        isCutByShutdown: Bool = false
    ) {
        self.isCutByShutdown = isCutByShutdown
        self.eventHandlers = eventHandlers
        self.spanHandlers = spanHandlers
        self.unretainedEventHandlers = Self.unretained(eventHandlers)
        self.unretainedSpanHandlers = Self.unretained(spanHandlers)
        self.redaction = redaction
        self.spanHandlersReceiveArguments = spanHandlers.contains { $0.handler.receivesBoundArguments }
        self.spanHandlersReceiveResults = spanHandlers.contains { $0.handler.receivesResults }
    }

    deinit {
        unretainedEventHandlers.deallocate()
        unretainedSpanHandlers.deallocate()
    }

    private static func unretained<Handler>(
        _ registrations: [HandlerRegistration<Handler>]
    ) -> UnsafeBufferPointer<Unmanaged<HandlerRegistration<Handler>>> {
        let buffer = UnsafeMutableBufferPointer<Unmanaged<HandlerRegistration<Handler>>>.allocate(capacity: registrations.count)
        _ = buffer.initialize(from: registrations.lazy.map { Unmanaged.passUnretained($0) })
        return UnsafeBufferPointer(buffer)
    }

    static let empty = HandlerChain()

    /// The arguments a span handler may see: built only when one reads them, then redacted.
    @inline(__always)
    func boundArguments(_ arguments: () -> BoundArguments) -> BoundArguments {
        spanHandlersReceiveArguments ? redaction.apply(to: arguments()) : BoundArguments()
    }

    /// Whether anybody listens to events.
    var hasEventHandlers: Bool { !eventHandlers.isEmpty }

    /// Whether spans must be tracked: span handlers need them, and event handlers need the active
    /// span id on their events.
    var tracksSpans: Bool { !eventHandlers.isEmpty || !spanHandlers.isEmpty }
}

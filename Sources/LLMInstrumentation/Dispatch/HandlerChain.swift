/// The handlers one dispatcher delivers to: its own and those of its ancestors up to the first
/// that does not propagate, no-op handlers left out. Immutable; a dispatcher swaps in a new chain
/// whenever a handler is added or removed or the hierarchy changes, so delivering never walks the
/// hierarchy and never holds a lock while a handler runs. A removed handler is released when the
/// last call holding an older chain returns.
final class HandlerChain: Sendable {
    let eventHandlers: [EventHandlerRegistration]
    /// The first event handler, apart (see ``firstSpanHandler``).
    let firstEventHandler: EventHandlerRegistration?
    let spanHandlers: [any SpanHandlerRegistration]
    /// The first span handler, apart: a scoped span calls it through this property, which costs no
    /// reference counting (an array element does).
    let firstSpanHandler: (any SpanHandlerRegistration)?

    /// Whether a span handler on the chain reads bound arguments, so they must be built.
    let spanHandlersReadArguments: Bool

    /// Whether a span handler on the chain reads results, so they must be passed on.
    let spanHandlersReadResults: Bool

    /// What span handlers on this chain must not see of the bound arguments.
    let redaction: ArgumentRedaction

    /// Whether a shutdown took handlers off the chain: it stops at a dispatcher that was shut
    /// down (whose handlers, and those of its ancestors, are left out), or handlers a shutdown
    /// closed are left out.
    let isCutByShutdown: Bool

    init(
        eventHandlers: [EventHandlerRegistration] = [],
        spanHandlers: [any SpanHandlerRegistration] = [],
        redaction: ArgumentRedaction = .default,
        isCutByShutdown: Bool = false
    ) {
        self.isCutByShutdown = isCutByShutdown
        self.eventHandlers = eventHandlers
        self.firstEventHandler = eventHandlers.first
        self.spanHandlers = spanHandlers
        self.firstSpanHandler = spanHandlers.first
        self.redaction = redaction
        self.spanHandlersReadArguments = spanHandlers.contains { $0.readsBoundArguments }
        self.spanHandlersReadResults = spanHandlers.contains { $0.readsResults }
    }

    static let empty = HandlerChain()

    /// Enters a scoped span in the first span handler (see ``firstSpanHandler``).
    func enterInFirstSpanHandler(_ entry: SpanEntry, on dispatcher: Dispatcher) -> Int? {
        firstSpanHandler?.enter(entry, byID: false, on: dispatcher)
    }

    /// Exits a scoped span in the first span handler.
    func exitInFirstSpanHandler(_ exit: SpanExit, key: Int, on dispatcher: Dispatcher) {
        firstSpanHandler?.exit(exit, key: key, on: dispatcher)
    }

    /// The arguments a span handler may see: built only when one reads them, then redacted.
    func boundArguments(_ arguments: () -> BoundArguments) -> BoundArguments {
        spanHandlersReadArguments ? redaction.apply(to: arguments()) : BoundArguments()
    }

    /// Whether an event delivered to this chain is refused because of a shutdown: nobody listens
    /// to events since a shutdown cut the chain.
    var refusesEvents: Bool { isCutByShutdown && eventHandlers.isEmpty }

    /// Whether a span entered on this chain is refused because of a shutdown: nobody listens at all
    /// since a shutdown cut the chain.
    var refusesSpans: Bool { isCutByShutdown && eventHandlers.isEmpty && spanHandlers.isEmpty }

    /// Whether anybody listens to events.
    var hasEventHandlers: Bool { !eventHandlers.isEmpty }

    /// Whether spans must be tracked: span handlers need them, and event handlers need the active
    /// span id on their events.
    var tracksSpans: Bool { !eventHandlers.isEmpty || !spanHandlers.isEmpty }
}

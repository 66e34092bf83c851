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

    /// What handlers on this chain may see of the content of events, arguments and results.
    let contentPolicy: ContentPolicy

    /// Whether the policy hides nothing and cuts no text, and so only looks for base64 images:
    /// then only the events that hold messages need to go through it.
    let contentPolicyLooksOnlyForImages: Bool

    /// Whether a shutdown took handlers off the chain: it stops at a dispatcher that was shut
    /// down (whose handlers, and those of its ancestors, are left out), or handlers a shutdown
    /// closed are left out.
    let isCutByShutdown: Bool

    init(
        eventHandlers: [EventHandlerRegistration] = [],
        spanHandlers: [any SpanHandlerRegistration] = [],
        redaction: ArgumentRedaction = .default,
        contentPolicy: ContentPolicy = .recordEverything,
        isCutByShutdown: Bool = false
    ) {
        self.contentPolicy = contentPolicy
        self.contentPolicyLooksOnlyForImages =
            contentPolicy == ContentPolicy(maximumBase64ImageLength: contentPolicy.maximumBase64ImageLength)
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

    /// The arguments a span handler may see: built only when one reads them, then redacted and
    /// put through the content policy (as inputs).
    func boundArguments(_ arguments: () -> BoundArguments) -> BoundArguments {
        guard spanHandlersReadArguments else { return BoundArguments() }
        var redacted = redaction.apply(to: arguments())
        for index in redacted.arguments.indices {
            redacted.arguments[index].value = contentPolicy.value(redacted.arguments[index].value, .input)
        }
        return redacted
    }

    /// Whether events of this type go through the content policy: all of them, unless the policy
    /// only looks for images, which only the chat events hold. (Comparing types costs a few
    /// instructions; putting every event through a policy that changes nothing doubled the cost
    /// of emitting one.)
    func appliesContentPolicy<E: Event>(to type: E.Type) -> Bool {
        guard contentPolicyLooksOnlyForImages else { return true }
        return type == LLMChatStartEvent.self || type == LLMChatEndEvent.self || type == LLMChatInProgressEvent.self
            || type == GetMessageResponseStartEvent.self
    }

    /// The event as handlers on this chain may see it: its content and its tags put through the
    /// content policy.
    func recorded<E: Event>(_ event: E) -> E {
        var recorded = event.applying(contentPolicy)
        recorded.metadata.tags = contentPolicy.tags(recorded.metadata.tags)
        return recorded
    }

    /// The tags a span handler may see, put through the content policy.
    func tags(_ tags: [String: JSONValue]) -> [String: JSONValue] {
        contentPolicy.tags(tags)
    }

    /// The result a span handler may see: made only when one reads results, then put through the
    /// content policy (as an output).
    func result(_ result: () -> (any Sendable)?) -> (any Sendable)? {
        guard spanHandlersReadResults, let result = result() else { return nil }
        return contentPolicy.value(result, .output)
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

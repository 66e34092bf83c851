import Logging
public import Synchronization

/// Emits events and enters, exits and drops spans, delivering them to its handlers and, unless
/// ``propagate`` is off, to those of its ancestors.
///
/// Dispatchers form a hierarchy by dotted names, like loggers: `Dispatcher.named("MyApp.rag")`
/// delivers to its own handlers, then to those of `"MyApp"` (if it exists), then to the root's.
/// Attach handlers once at start-up; emit from anywhere:
///
/// ```swift
/// let dispatcher = Dispatcher.named("MyApp.rag")
/// Dispatcher.named("MyApp").addEventHandler(MyEventHandler())
///
/// dispatcher.event(CacheHitEvent(key: key))
/// let answer = try await dispatcher.span("answer", instance: self, arguments: ["question": question]) {
///     try await llm.complete(question)
/// }
/// ```
///
/// When no handler listens, emitting an event or entering a span costs one atomic load and a
/// branch: the event is not even built (``event(_:)`` takes an autoclosure).
public final class Dispatcher: Sendable {
    /// The dotted name; `"root"` for the root dispatcher.
    public let name: String
    let registry: DispatcherRegistry

    struct Configuration {
        var parent: Dispatcher?
        var propagate = true
        var eventHandlers: [EventHandlerRegistration] = []
        var spanHandlers: [any SpanHandlerRegistration] = []
        /// This dispatcher's own redaction, or `nil` to use its parent's.
        var argumentRedaction: ArgumentRedaction?
        /// This dispatcher's own content policy, or `nil` to use its parent's.
        var contentPolicy: ContentPolicy?
    }

    private let configuration: LockedValue<Configuration>
    /// The handlers delivered to now; replaced, never changed, when the configuration changes.
    private let chain = LockedValue(HandlerChain.empty)
    /// Bit 0: somebody listens to events. Bit 1: spans must be tracked. Bit 2: a shutdown took
    /// handlers off the chain, so what nobody listens to any more is refused and counted.
    @usableFromInline let listening = Atomic<UInt8>(0)
    let isShutDown = Atomic<Bool>(false)
    private let refusedCount = Atomic<Int>(0)
    private let reentrantRefusedCount = Atomic<Int>(0)

    @usableFromInline static let eventsBit: UInt8 = 1
    @usableFromInline static let spansBit: UInt8 = 2
    @usableFromInline static let refusingBit: UInt8 = 4

    init(name: String, registry: DispatcherRegistry, configuration: Configuration) {
        self.name = name
        self.registry = registry
        self.configuration = LockedValue(configuration)
    }

    /// The root dispatcher of the shared registry: named `"root"`, with a `NullEventHandler` and a
    /// `NullSpanHandler`, not propagating. Handlers added here see everything that propagates.
    public static var root: Dispatcher { DispatcherRegistry.shared.root }

    /// The dispatcher named `name` in the shared registry, made on first use; the same name always
    /// yields the same dispatcher. Its parent is the nearest existing dotted ancestor (`"a.b"` for
    /// `"a.b.c"`, else `"a"`, else the root), kept right when that ancestor is made later.
    /// The Swift form of the reference's `get_dispatcher(__name__)`.
    public static func named(_ name: String) -> Dispatcher {
        DispatcherRegistry.shared.dispatcher(named: name)
    }

    /// The dispatcher this one propagates to, or `nil` for the root.
    public var parent: Dispatcher? {
        configuration.withLock { $0.parent }
    }

    /// Whether events and spans go on to the parent's handlers after this dispatcher's own.
    /// `true` by default; `false` for the root.
    public var propagate: Bool {
        get { configuration.withLock { $0.propagate } }
        set { registry.reconfigure(self) { self.configuration.withLock { $0.propagate = newValue } } }
    }

    /// What this dispatcher hides of spanned calls' arguments before any span handler sees them
    /// (see ``ArgumentRedaction``). Unless set, a dispatcher uses its parent's, and the root
    /// ``ArgumentRedaction/default``. Setting `nil` goes back to the parent's.
    public var argumentRedaction: ArgumentRedaction? {
        get { configuration.withLock { $0.argumentRedaction } ?? currentChain.redaction }
        set { registry.reconfigure(self) { self.configuration.withLock { $0.argumentRedaction = newValue } } }
    }

    /// What handlers of this dispatcher's events and spans may see of their content: inputs,
    /// outputs, messages, texts, embedding vectors, images, and how long a text may be (see
    /// ``ContentPolicy``). Unless set, a dispatcher uses its parent's, and the root the one
    /// OpenInference's environment variables of the process set. Setting `nil` goes back to the
    /// parent's.
    public var contentPolicy: ContentPolicy? {
        get { configuration.withLock { $0.contentPolicy } ?? currentChain.contentPolicy }
        set { registry.reconfigure(self) { self.configuration.withLock { $0.contentPolicy = newValue } } }
    }

    /// Adds an event handler; it receives the events of this dispatcher and of the descendants
    /// that propagate to it.
    /// - Returns: an id to remove the handler with ``removeHandler(_:)``.
    @discardableResult
    public func addEventHandler(_ handler: some EventHandler) -> HandlerID {
        let registration = EventHandlerRegistration(handler)
        registry.reconfigure(self) { self.configuration.withLock { $0.eventHandlers.append(registration) } }
        return registration.diagnostics.id
    }

    /// Adds a span handler; it receives the spans of this dispatcher and of the descendants that
    /// propagate to it.
    /// - Returns: an id to remove the handler with ``removeHandler(_:)``.
    @discardableResult
    public func addSpanHandler(_ handler: some SpanHandler) -> HandlerID {
        let registration = TypedSpanHandlerRegistration(handler)
        registry.reconfigure(self) { self.configuration.withLock { $0.spanHandlers.append(registration) } }
        return registration.diagnostics.id
    }

    /// Removes the handler added with this id. Calls already under way finish with it; then it is
    /// released (its spans still open are forgotten, not dropped: ``shutdown()`` drops them).
    public func removeHandler(_ id: HandlerID) {
        registry.reconfigure(self) {
            self.configuration.withLock { configuration in
                configuration.eventHandlers.removeAll { $0.diagnostics.id == id }
                configuration.spanHandlers.removeAll { $0.diagnostics.id == id }
            }
        }
    }

    /// The type names of this dispatcher's own event handlers, in the order they were added.
    public var eventHandlerNames: [String] {
        configuration.withLock { $0.eventHandlers.map(\.diagnostics.name) }
    }

    /// The type names of this dispatcher's own span handlers, in the order they were added.
    public var spanHandlerNames: [String] {
        configuration.withLock { $0.spanHandlers.map(\.diagnostics.name) }
    }

    /// What the dispatcher has counted: its handlers' failures (its own and its ancestors'),
    /// what it refused, and the spans open in its handlers. Read from the configurations, not the
    /// current chain, so that it still answers after a shutdown.
    public var statistics: DispatcherStatistics {
        var failures: [HandlerFailureCount] = []
        var openSpans = 0
        var current: Dispatcher? = self
        var visited: Set<ObjectIdentifier> = []
        while let node = current, visited.insert(ObjectIdentifier(node)).inserted {
            let configuration = node.configurationSnapshot
            let diagnostics =
                configuration.eventHandlers.filter { !$0.isNoOp }.map(\.diagnostics)
                + configuration.spanHandlers.filter { !$0.isNoOp }.map(\.diagnostics)
            failures += diagnostics.map {
                HandlerFailureCount(handlerName: $0.name, handlerID: $0.id, failures: $0.failureCount)
            }
            openSpans += configuration.spanHandlers.reduce(0) { $0 + $1.openSpanCount }
            guard configuration.propagate else { break }
            current = configuration.parent
        }
        return DispatcherStatistics(
            handlerFailures: failures,
            refusedAfterShutdownCount: refusedCount.load(ordering: .relaxed),
            refusedReentrantCount: reentrantRefusedCount.load(ordering: .relaxed),
            openSpanCount: openSpans,
            hasShutDown: hasShutDown
        )
    }

    /// Emits an event to every event handler on the chain, on the caller's thread.
    ///
    /// The argument is an autoclosure: when nobody listens the event is never built. Tags active
    /// here, and the active span's id, are on the event. A handler's error is counted and reported,
    /// never thrown here.
    @inlinable
    public func event<E: Event>(_ makeEvent: @autoclosure () -> E) {
        let flags = listening.load(ordering: .relaxed)
        guard flags & Self.eventsBit != 0 else {
            if _slowPath(flags & Self.refusingBit != 0) { refuseAfterShutdown() }
            return
        }
        deliverNow(makeEvent())
    }

    /// Whether ``shutdown()`` was called on this dispatcher.
    var hasShutDown: Bool { isShutDown.load(ordering: .relaxed) }

    /// The most handler calls nested in one another on one thread (a handler emitting an event
    /// from its `handle`, whose handler emits another, ...). Past it, new events and span entries
    /// are refused, counted and reported once; the instrumented code is unaffected.
    public static var maximumNestedHandlerCalls: Int { HandlerCallDepth.limit }

    /// Counts an event or span refused after a shutdown. Not inlinable: the refusing path is cold.
    @usableFromInline
    func refuseAfterShutdown() {
        refusedCount.add(1, ordering: .relaxed)
    }

    /// Counts a refused nested handler call and reports the first one.
    func refuseReentrant(_ what: String) {
        let count = reentrantRefusedCount.add(1, ordering: .relaxed).newValue
        guard count == 1 else { return }
        registry.diagnosticLogger.warning(
            "Refused an instrumentation call nested too deep inside handlers; a handler emits from its own hooks",
            metadata: [
                "dispatcher": .string(name),
                "refused": .string(what),
                "limit": .stringConvertible(HandlerCallDepth.limit),
            ]
        )
    }

    /// Delivers `event` to the event handlers of the current chain, read after the handler call
    /// began (so that a shutdown waits for it, see ``HandlerCallDepth``); refused and counted when
    /// a shutdown left the chain without event handlers since the caller looked.
    @usableFromInline
    func deliverNow(_ event: some Event) {
        guard let depth = HandlerCallDepth.begin() else { return refuseReentrant(event.className) }
        defer { HandlerCallDepth.end(depth) }
        let chain = currentChain
        guard chain.hasEventHandlers else {
            if chain.refusesEvents { refuseAfterShutdown() }
            return
        }
        if chain.appliesContentPolicy(to: type(of: event)) {
            deliver(chain.recorded(event), to: chain)
        } else {
            deliver(event, to: chain)
        }
    }

    /// Hands `event` to each event handler of `chain`.
    private func deliver(_ event: some Event, to chain: HandlerChain) {
        // The first handler is called through a property of the chain, which costs no reference
        // count (an array element does).
        chain.firstEventHandler?.deliver(event, from: self)
        for registration in chain.eventHandlers.dropFirst() {
            registration.deliver(event, from: self)
        }
    }

    /// Emits an event to every event handler on the chain, running their asynchronous
    /// `handle(_:)` concurrently and waiting for all of them.
    ///
    /// Refused and counted after ``shutdown()``, as ``event(_:)`` is. An event emitted from an
    /// asynchronous `handle` counts as nested in it: past ``maximumNestedHandlerCalls``
    /// asynchronous deliveries nested in one another, events are refused and counted
    /// (``DispatcherStatistics/refusedReentrantCount``), as on one thread.
    public func asyncEvent<E: Event>(_ makeEvent: @autoclosure () -> E) async {
        let flags = listening.load(ordering: .relaxed)
        guard flags & Self.eventsBit != 0 else {
            if flags & Self.refusingBit != 0 { refuseAfterShutdown() }
            return
        }
        let depth = HandlerCallDepth.asynchronousDepth
        guard depth < HandlerCallDepth.limit else { return refuseReentrant(E.className) }
        // Begun before the chain is read, so that a shutdown waits for the delivery.
        let delivery = registry.asynchronousDeliveries.begin()
        defer { registry.asynchronousDeliveries.end(delivery) }
        let chain = currentChain
        guard chain.hasEventHandlers else {
            if chain.refusesEvents { refuseAfterShutdown() }
            return
        }
        let event = chain.appliesContentPolicy(to: E.self) ? chain.recorded(makeEvent()) : makeEvent()
        await HandlerCallDepth.$asynchronousDepth.withValue(depth + 1) {
            await withTaskGroup(of: Void.self) { group in
                for registration in chain.eventHandlers {
                    group.addTask {
                        do {
                            try await registration.handler.asyncHandle(event)
                        } catch {
                            self.recordFailure(of: registration.diagnostics, error, during: "asyncEvent")
                        }
                    }
                }
            }
        }
    }

    // MARK: Internals shared by the extensions

    /// The handlers this dispatcher delivers to now.
    var currentChain: HandlerChain {
        chain.withLock { $0 }
    }

    /// The clocks spans are timed with.
    var clock: InstrumentationClock { registry.clock }

    /// Whether spans must be tracked (anybody listens to spans or events).
    @inlinable var tracksSpans: Bool {
        let flags = listening.load(ordering: .relaxed)
        guard flags & Self.spansBit != 0 else {
            if _slowPath(flags & Self.refusingBit != 0) { refuseAfterShutdown() }
            return false
        }
        return true
    }

    var configurationSnapshot: Configuration {
        configuration.withLock { $0 }
    }

    func setParent(_ parent: Dispatcher?) {
        configuration.withLock { $0.parent = parent }
    }

    /// Replaces the chain; called by the registry with its configuration lock held. Returns the
    /// old chain, for the registry to release once it lets go of its lock: releasing a chain can
    /// run a removed handler's `deinit`, which may emit or look up dispatchers itself.
    func install(_ newChain: HandlerChain) -> HandlerChain {
        let old = chain.withLock { current in
            defer { current = newChain }
            return current
        }
        let chain = newChain
        var flags: UInt8 = 0
        if chain.hasEventHandlers { flags |= Self.eventsBit }
        if chain.tracksSpans { flags |= Self.spansBit }
        if chain.isCutByShutdown { flags |= Self.refusingBit }
        listening.store(flags, ordering: .relaxed)
        return old
    }

    func recordFailure(of diagnostics: HandlerDiagnostics, _ error: any Error, during operation: String) {
        diagnostics.recordFailure(
            error,
            during: operation,
            dispatcher: name,
            logger: registry.diagnosticLogger,
            reportInterval: registry.failureReportInterval
        )
    }
}

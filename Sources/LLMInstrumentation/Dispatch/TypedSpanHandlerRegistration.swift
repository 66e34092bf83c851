import Foundation

/// The registration of a span handler of a known span type, with its open spans.
///
/// The open spans' values sit in slots of storage of the handler's span type, and everything else
/// about them in an ``OpenSpanTable`` of the same slots, both under one lock: code generic over
/// the span type touches no other type built on it, so a span costs no run-time lookup of type
/// metadata (a dictionary of `OpenSpan<SpanType>` cost about 20 per span, 10,000 instructions).
final class TypedSpanHandlerRegistration<Handler: SpanHandler>: SpanHandlerRegistration, @unchecked Sendable {
    let handler: Handler
    let diagnostics: HandlerDiagnostics
    let isNoOp: Bool
    let readsBoundArguments: Bool
    let readsResults: Bool
    private let openSpans = LockedValue(OpenSpanTable())
    /// The open spans' values, by slot; holds `spanCapacity` values, of which those in the
    /// table's occupied slots are initialised. Guarded by `openSpans`' lock.
    private var spans: UnsafeMutablePointer<Handler.SpanType>
    private var spanCapacity = 0
    /// The spans a shutdown took, to drop before it closes the handler.
    private let spansTakenForClosing = LockedValue<[(span: Handler.SpanType, entry: OpenSpanTable.Entry)]>([])

    init(_ handler: Handler) {
        self.handler = handler
        self.diagnostics = HandlerDiagnostics(handler: handler)
        self.isNoOp = handler is NullSpanHandler
        let selective = handler as? any SelectiveSpanHandler
        self.readsBoundArguments = selective?.readsBoundArguments ?? true
        self.readsResults = selective?.readsResults ?? true
        self.spans = UnsafeMutablePointer.allocate(capacity: 0)
    }

    deinit {
        for slot in openSpans.withLock({ $0.occupiedSlots }) {
            (spans + slot).deinitialize(count: 1)
        }
        spans.deallocate()
    }

    var openSpanCount: Int { openSpans.withLock { $0.count } }

    @specialized(where Handler == SimpleSpanHandler)
    func enter(_ entry: SpanEntry, byID: Bool, on dispatcher: Dispatcher) -> Int? {
        let id = byID ? entry.id : nil
        if let id {
            let (isClosing, isOpen) = openSpans.withLock { ($0.isClosing, $0.contains(id: id)) }
            if isClosing { dispatcher.refuseAfterShutdown() }
            if isClosing || isOpen { return nil }
        }
        return open(entry, id: id, on: dispatcher)
    }

    /// Makes the handler's span for `entry` and keeps it open. Apart from ``enter(_:byID:on:)``
    /// so that its specialised form runs before the optional span type's metadata is looked up.
    private func open(_ entry: SpanEntry, id: String?, on dispatcher: Dispatcher) -> Int? {
        var made: Handler.SpanType?
        do {
            made = try handler.newSpan(entry)
        } catch {
            dispatcher.recordFailure(of: diagnostics, error, during: "spanEnter")
            return nil
        }
        guard case .some = made else { return nil }
        let key = openSpans.withLock { table -> Int? in
            guard !table.isClosing else { return nil }
            let (key, slot) = table.insert(id: id, startTime: entry.startTime, startInstant: entry.startInstant)
            if slot == spanCapacity { growSpanStorage() }
            (spans + slot).initialize(to: made.take()!)
            return key
        }
        if let span = made.take() {
            // A shutdown began closing the handler while the span was made: it ends at once, as
            // the shutdown ends the spans it found open.
            drop(
                span,
                startTime: entry.startTime,
                startInstant: entry.startInstant,
                with: DispatcherShutdownError(),
                at: dispatcher.clock.monotonicNanoseconds(),
                on: dispatcher
            )
        }
        return key
    }

    /// Doubles the span storage; called, under the lock, when every slot is taken.
    private func growSpanStorage() {
        let capacity = max(16, spanCapacity * 2)
        let grown = UnsafeMutablePointer<Handler.SpanType>.allocate(capacity: capacity)
        grown.moveInitialize(from: spans, count: spanCapacity)
        spans.deallocate()
        spans = grown
        spanCapacity = capacity
    }

    /// A scoped span's exit (with a `key`) comes measured, from the span's own start; a span
    /// entered by hand is measured from the start this registration kept.
    @specialized(where Handler == SimpleSpanHandler)
    func exit(_ exit: SpanExit, key: Int?, on dispatcher: Dispatcher) {
        end(key: key, id: exit.id, during: "spanExit", on: dispatcher) { span, entry in
            guard key == nil else { return try handler.prepareToExitSpan(span, exit: exit) }
            var exit = exit
            exit.setTiming(startTime: entry.startTime, startInstant: entry.startInstant)
            try handler.prepareToExitSpan(span, exit: exit)
        }
    }

    /// Measured as ``exit(_:key:on:)`` is.
    @specialized(where Handler == SimpleSpanHandler)
    func drop(_ drop: SpanDrop, key: Int?, on dispatcher: Dispatcher) {
        end(key: key, id: drop.id, during: "spanDrop", on: dispatcher) { span, entry in
            guard key == nil else { return try handler.prepareToDropSpan(span, drop: drop) }
            var drop = drop
            drop.setTiming(startTime: entry.startTime, startInstant: entry.startInstant)
            try handler.prepareToDropSpan(span, drop: drop)
        }
    }

    /// Takes the open span `key` (or, for `nil`, the open span with the id `id`, read only then:
    /// formatting an id costs an allocation) and hands it to `finish` outside the lock, reporting
    /// its failure.
    private func end(
        key: Int?,
        id: @autoclosure () -> String,
        during operation: String,
        on dispatcher: Dispatcher,
        _ finish: (consuming Handler.SpanType, OpenSpanTable.Entry) throws -> Void
    ) {
        let id = key == nil ? id() : nil
        withUnsafeTemporaryAllocation(of: Handler.SpanType.self, capacity: 1) { taken in
            let removed = openSpans.withLock { table -> OpenSpanTable.Removed? in
                guard let removed = key.map({ table.remove(key: $0) }) ?? table.remove(id: id!) else { return nil }
                taken.baseAddress!.moveInitialize(from: spans + removed.slot, count: 1)
                return removed
            }
            guard let removed else { return }
            do {
                try finish(taken.baseAddress!.move(), removed.entry)
            } catch {
                dispatcher.recordFailure(of: diagnostics, error, during: operation)
            }
        }
    }

    var isClosing: Bool { openSpans.withLock { $0.isClosing } }

    func startClosing() {
        // Rare (shutdown), so an array of the span type is fine here.
        let open = openSpans.withLock { table in
            table.isClosing = true
            return table.removeAll().map { removed in (span: (spans + removed.slot).move(), entry: removed.entry) }
        }
        spansTakenForClosing.withLock { $0 += open }
    }

    func finishClosing(with error: any Error, at end: UInt64, on dispatcher: Dispatcher) {
        let taken = spansTakenForClosing.withLock { taken in
            defer { taken = [] }
            return taken
        }
        for (span, entry) in taken {
            drop(
                span,
                startTime: entry.startTime,
                startInstant: entry.startInstant,
                with: error,
                at: end,
                on: dispatcher
            )
        }
        do {
            try handler.close()
        } catch {
            dispatcher.recordFailure(of: diagnostics, error, during: "close")
        }
    }

    /// Drops a span that is not (or no longer) in the table, at the monotonic time `end`.
    private func drop(
        _ span: consuming Handler.SpanType,
        startTime: Date,
        startInstant: UInt64,
        with error: any Error,
        at end: UInt64,
        on dispatcher: Dispatcher
    ) {
        var drop = SpanDrop(id: span.id, error: error)
        drop.endInstant = end
        drop.setTiming(startTime: startTime, startInstant: startInstant)
        do {
            try handler.prepareToDropSpan(span, drop: drop)
        } catch {
            dispatcher.recordFailure(of: diagnostics, error, during: "shutdown")
        }
    }

    func capturePropagationContext(on dispatcher: Dispatcher) -> [String: JSONValue] {
        do {
            return try handler.capturePropagationContext()
        } catch {
            dispatcher.recordFailure(of: diagnostics, error, during: "capturePropagationContext")
            return [:]
        }
    }

    func restorePropagationContext(_ context: [String: JSONValue], on dispatcher: Dispatcher) {
        do {
            try handler.restorePropagationContext(context)
        } catch {
            dispatcher.recordFailure(of: diagnostics, error, during: "restorePropagationContext")
        }
    }

}

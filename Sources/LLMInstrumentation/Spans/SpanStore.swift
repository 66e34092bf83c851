/// The bookkeeping every ``SpanHandler`` shares: its open spans and a bounded record of its
/// finished (completed and dropped) spans.
///
/// Spans of the scoped span API are tracked by an ``OpenSpanToken`` the dispatcher hands back on
/// exit, so entering and leaving them costs no hashing; spans entered by hand are also found by
/// id. The store keeps at most ``capacity`` finished spans; when it is full the oldest is evicted
/// and counted in ``evictedSpanCount``, so a long-running service never grows without bound. A
/// handler that forwards spans elsewhere and needs no record passes a capacity of `0`.
public final class SpanStore<SpanType: Span>: Sendable {
    /// The place of one open span in the store's slot table; guarded by the store's lock.
    private struct Slot {
        var span: SpanType?
        /// Bumped each time the slot is freed, so that a token of an earlier span finds nothing.
        var generation: UInt64 = 0
        /// Whether the span was entered by hand and is also indexed by id.
        var isIndexed = false
    }

    private struct FinishedSpan {
        var span: SpanType
        var isDropped: Bool
    }

    /// The most evicted spans kept for reuse by a store that recycles (see
    /// ``openScoped(recycling:)``).
    private static var recycledCapacity: Int { 32 }

    private struct State {
        /// Open spans live in a table of slots (freed slots are reused), not in a linked list of
        /// nodes: a token is then an index and a generation, and entering and leaving a span
        /// counts no references (each count of a shared object is an atomic operation).
        var slots: [Slot] = []
        var freeSlots: [Int] = []
        var openByID: [String: Int] = [:]
        var finished: [FinishedSpan] = []
        var oldestIndex = 0
        var evicted = 0
        /// Spans evicted from a full record, kept for a handler to reuse their storage.
        var recycled: [SpanType] = []
        /// How many evicted spans to keep in ``recycled``: none unless the store's handler
        /// reuses them, so that other handlers' spans are released when evicted.
        var recycledLimit = 0

        /// Puts `span` in a free slot and returns the slot's index.
        mutating func place(_ span: consuming SpanType, indexed: Bool) -> Int {
            let index: Int
            if let free = freeSlots.popLast() {
                index = free
                slots[index].span = consume span
                slots[index].isIndexed = indexed
            } else {
                index = slots.count
                slots.append(Slot(span: consume span, isIndexed: indexed))
            }
            return index
        }

        /// Takes the span out of slot `index` and frees the slot; `nil` if it holds none or, when
        /// `generation` is given, if it was freed since.
        mutating func take(slot index: Int, generation: UInt64? = nil) -> SpanType? {
            guard index >= 0, index < slots.count, generation == nil || slots[index].generation == generation,
                let span = slots[index].span.take()
            else { return nil }
            if slots[index].isIndexed {
                openByID[span.id] = nil
                slots[index].isIndexed = false
            }
            slots[index].generation &+= 1
            freeSlots.append(index)
            return span
        }

        /// The index of the slot of the open span with this id.
        func slotIndex(withID id: String) -> Int? {
            if let indexed = openByID[id] { return indexed }
            return slots.firstIndex { $0.span?.id == id }
        }

        var openSpans: [SpanType] {
            slots.compactMap(\.span)
        }

        /// Records a finished span, evicting the oldest when `capacity` are kept; returns the
        /// evicted one, to be released after the lock is let go, unless it is kept for reuse.
        mutating func record(_ span: consuming SpanType, dropped: Bool, capacity: Int) -> SpanType? {
            guard capacity > 0 else {
                evicted += 1
                return nil
            }
            if finished.count < capacity {
                finished.append(FinishedSpan(span: span, isDropped: dropped))
                return nil
            }
            // Swapped in place, not copied out and in: each copy of a span counts a reference.
            var evictedSpan = span
            swap(&finished[oldestIndex].span, &evictedSpan)
            finished[oldestIndex].isDropped = dropped
            oldestIndex = oldestIndex + 1 == capacity ? 0 : oldestIndex + 1
            evicted += 1
            if recycled.count < recycledLimit {
                recycled.append(consume evictedSpan)
                return nil
            }
            return evictedSpan
        }
    }

    /// The most finished spans kept.
    public let capacity: Int
    private let state = LockedValue(State())

    /// Creates a store that keeps up to `capacity` finished spans.
    public init(capacity: Int = 10_000) {
        self.capacity = max(0, capacity)
    }

    /// Creates a store that keeps up to `capacity` finished spans and up to 32 of those it evicts
    /// for ``openScoped(recycling:)`` to reuse.
    init(capacity: Int, recyclingEvictedSpans: Bool) {
        self.capacity = max(0, capacity)
        if recyclingEvictedSpans {
            state.withLock { $0.recycledLimit = Self.recycledCapacity }
        }
    }

    /// The spans entered and not yet ended, by id.
    public var openSpans: [String: SpanType] {
        let spans = state.withLock { $0.openSpans }
        return Dictionary(spans.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The number of spans entered and not yet ended.
    public var openSpanCount: Int {
        // Every slot holds an open span except the free ones.
        state.withLock { $0.slots.count - $0.freeSlots.count }
    }

    /// The kept spans that ended normally, oldest first.
    public var completedSpans: [SpanType] {
        finishedSpans(dropped: false)
    }

    /// The kept spans that ended with an error, oldest first.
    public var droppedSpans: [SpanType] {
        finishedSpans(dropped: true)
    }

    /// How many finished spans were evicted to stay within ``capacity``.
    public var evictedSpanCount: Int {
        state.withLock { $0.evicted }
    }

    /// The open span with this id, if any.
    public func openSpan(id: String) -> SpanType? {
        state.withLock { state in state.slotIndex(withID: id).flatMap { state.slots[$0].span } }
    }

    /// Whether a span with this id is open.
    public func isOpen(id: String) -> Bool {
        openSpan(id: id) != nil
    }

    /// Records `span`, entered by hand, as open and findable by id. Returns `false`, changing
    /// nothing, if its id is already open.
    @discardableResult
    public func open(_ span: SpanType) -> Bool {
        let id = span.id
        return state.withLock { state in
            guard state.slotIndex(withID: id) == nil else { return false }
            state.openByID[id] = state.place(span, indexed: true)
            return true
        }
    }

    /// Records `span`, entered by the scoped span API, as open, and returns the token that finds
    /// it again on exit.
    public func openScoped(_ span: consuming SpanType) -> OpenSpanToken {
        var pending: SpanType? = consume span
        return state.withLock { state in
            let index = state.place(pending.take()!, indexed: false)
            return token(slot: index, generation: state.slots[index].generation)
        }
    }

    private func token(slot index: Int, generation: UInt64) -> OpenSpanToken {
        OpenSpanToken(store: ObjectIdentifier(self), slot: index, generation: generation)
    }

    /// Records as open the span that `make` returns, and returns the token that finds it again
    /// on exit. `make` gets a span evicted from the full record, if one is kept, to reuse its
    /// storage (a span of copy-on-write storage evicted while nobody else holds it can be
    /// refilled instead of freed, and a new one allocated); it runs with the store's lock held,
    /// so it must only build the span.
    func openScoped(recycling make: (consuming SpanType?) -> SpanType) -> OpenSpanToken {
        state.withLock { state in
            let index = state.place(make(state.recycled.popLast()), indexed: false)
            return token(slot: index, generation: state.slots[index].generation)
        }
    }

    /// Removes the open span `id` and returns it, if it was open.
    public func takeOpenSpan(id: String) -> SpanType? {
        state.withLock { state in
            state.slotIndex(withID: id).flatMap { state.take(slot: $0) }
        }
    }

    /// Removes the open span that `token` stands for and returns it, if it is still open (a
    /// shutdown may have dropped it already).
    public func takeOpenSpan(_ token: OpenSpanToken) -> SpanType? {
        // A token comes from the store that made it; the check guards against a handler that
        // passes another store's token.
        guard token.store == ObjectIdentifier(self) else { return nil }
        return state.withLock { $0.take(slot: token.slot, generation: token.generation) }
    }

    /// Ends the open span that `token` stands for in one step: takes it from the open spans, lets
    /// `complete` set its end, and records it among the finished spans. Does nothing if it is no
    /// longer open. `complete` runs with the store's lock held, so it must only set the span's
    /// fields.
    func finishOpenSpan(_ token: OpenSpanToken, dropped: Bool, _ complete: (inout SpanType) -> Void) {
        guard token.store == ObjectIdentifier(self) else { return }
        let capacity = self.capacity
        // The evicted span, if not kept for reuse, is released after the lock is let go.
        let evicted = state.withLock { state -> SpanType? in
            guard var span = state.take(slot: token.slot, generation: token.generation) else { return nil }
            complete(&span)
            return state.record(span, dropped: dropped, capacity: capacity)
        }
        _ = evicted
    }

    /// Records `span`, no longer open, among the finished spans.
    public func finish(_ span: consuming SpanType, dropped: Bool) {
        let capacity = self.capacity
        var pending: SpanType? = consume span
        // The evicted span is released after the lock is let go.
        let evicted = state.withLock { $0.record(pending.take()!, dropped: dropped, capacity: capacity) }
        _ = evicted
    }

    /// Moves the span `id` from the open spans to the finished ones, as `span`.
    public func finish(id: String, as span: SpanType, dropped: Bool) {
        _ = takeOpenSpan(id: id)
        finish(span, dropped: dropped)
    }

    /// Forgets every finished span (the open ones stay).
    public func removeFinishedSpans() {
        state.withLock { state in
            state.finished.removeAll()
            state.recycled.removeAll()
            state.oldestIndex = 0
        }
    }

    private func finishedSpans(dropped: Bool) -> [SpanType] {
        state.withLock { state in
            let ordered = state.finished[state.oldestIndex...] + state.finished[..<state.oldestIndex]
            return ordered.filter { $0.isDropped == dropped }.map(\.span)
        }
    }
}

/// Stands for one span opened by a span handler for the scoped span API; the dispatcher keeps it
/// for the span's duration and hands it back on exit or drop.
///
/// A plain value (the store, the slot and its generation): keeping and passing it counts no
/// references.
public struct OpenSpanToken: Sendable {
    let store: ObjectIdentifier?
    let slot: Int
    let generation: UInt64

    init(store: ObjectIdentifier, slot: Int, generation: UInt64) {
        self.store = store
        self.slot = slot
        self.generation = generation
    }

    private init() {
        self.store = nil
        self.slot = -1
        self.generation = 0
    }

    /// The token of no span, kept where a handler opened none (cheaper than an `Optional`).
    static var none: OpenSpanToken { OpenSpanToken() }

    var isNone: Bool { store == nil }
}

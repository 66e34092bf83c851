/// The bookkeeping every ``SpanHandler`` shares: its open spans and a bounded record of its
/// finished (completed and dropped) spans.
///
/// Spans of the scoped span API are tracked by an ``OpenSpanToken`` the dispatcher hands back on
/// exit, so entering and leaving them costs no hashing; spans entered by hand are also found by
/// id. The store keeps at most ``capacity`` finished spans; when it is full the oldest is evicted
/// and counted in ``evictedSpanCount``, so a long-running service never grows without bound. A
/// handler that forwards spans elsewhere and needs no record passes a capacity of `0`.
public final class SpanStore<SpanType: Span>: Sendable {
    /// One open span, linked into the store's list of open spans; every field is guarded by the
    /// store's lock. Nodes are recycled through a small pool instead of being freed: a generic
    /// class's deinit looks up `Optional<SpanType>`'s metadata, which costs more than the rest of
    /// the bookkeeping, and the allocation is saved too. A token remembers the node's
    /// ``generation``, so a token of a recycled node finds nothing.
    final class Node: @unchecked Sendable {
        // The store's lock is the exclusivity: no dynamic check is needed (it cost ~60
        // instructions per span).
        @exclusivity(unchecked) var span: SpanType?
        /// Not counted: a linked node is held by its predecessor's ``next`` (or the list's
        /// head), so the one before it outlives the link, and each count is an atomic operation.
        @exclusivity(unchecked) unowned(unsafe) var previous: Node?
        @exclusivity(unchecked) var next: Node?
        /// Bumped each time the node is recycled.
        @exclusivity(unchecked) var generation: UInt64 = 0
        /// Whether the span was entered by hand and is also indexed by id.
        @exclusivity(unchecked) var isIndexed = false
    }

    private struct FinishedSpan {
        var span: SpanType
        var isDropped: Bool
    }

    /// The most recycled nodes kept for reuse.
    private static var nodePoolCapacity: Int { 256 }

    private struct State {
        var firstOpen: Node?
        var openByID: [String: Node] = [:]
        var openCount = 0
        var nodePool: [Node] = []
        var finished: [FinishedSpan] = []
        var oldestIndex = 0
        var evicted = 0

        /// Links a node holding `span` (a recycled one if there is one) and returns it.
        mutating func link(_ span: consuming SpanType, indexed: Bool) -> Node {
            let node = nodePool.popLast() ?? Node()
            node.span = span
            node.isIndexed = indexed
            node.next = firstOpen
            firstOpen?.previous = node
            firstOpen = node
            openCount += 1
            return node
        }

        /// Unlinks `node`, recycles it and returns its span; `nil` if it holds none or, when
        /// `generation` is given, if it was recycled since.
        mutating func take(_ node: Node, generation: UInt64? = nil) -> SpanType? {
            guard generation == nil || node.generation == generation, let span = node.span.take() else { return nil }
            if let previous = node.previous {
                previous.next = node.next
            } else {
                firstOpen = node.next
            }
            node.next?.previous = node.previous
            node.previous = nil
            node.next = nil
            if node.isIndexed {
                openByID[span.id] = nil
                node.isIndexed = false
            }
            openCount -= 1
            node.generation &+= 1
            if nodePool.count < SpanStore.nodePoolCapacity {
                nodePool.append(node)
            }
            return span
        }

        /// The open node with this id.
        func node(withID id: String) -> Node? {
            if let indexed = openByID[id] { return indexed }
            var current = firstOpen
            while let node = current {
                if node.span?.id == id { return node }
                current = node.next
            }
            return nil
        }

        var openSpans: [SpanType] {
            var spans: [SpanType] = []
            spans.reserveCapacity(openCount)
            var current = firstOpen
            while let node = current {
                if let span = node.span { spans.append(span) }
                current = node.next
            }
            return spans
        }

        /// Records a finished span, evicting the oldest when `capacity` are kept; returns the
        /// evicted one, to be released after the lock is let go.
        mutating func record(_ span: consuming SpanType, dropped: Bool, capacity: Int) -> FinishedSpan? {
            guard capacity > 0 else {
                evicted += 1
                return nil
            }
            let entry = FinishedSpan(span: span, isDropped: dropped)
            if finished.count < capacity {
                finished.append(entry)
                return nil
            }
            let old = finished[oldestIndex]
            finished[oldestIndex] = entry
            oldestIndex = oldestIndex + 1 == capacity ? 0 : oldestIndex + 1
            evicted += 1
            return old
        }
    }

    /// The most finished spans kept.
    public let capacity: Int
    private let state = LockedValue(State())

    /// Creates a store that keeps up to `capacity` finished spans.
    public init(capacity: Int = 10_000) {
        self.capacity = max(0, capacity)
    }

    /// The spans entered and not yet ended, by id.
    public var openSpans: [String: SpanType] {
        let spans = state.withLock { $0.openSpans }
        return Dictionary(spans.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The number of spans entered and not yet ended.
    public var openSpanCount: Int {
        state.withLock { $0.openCount }
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
        state.withLock { $0.node(withID: id)?.span }
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
            guard state.node(withID: id) == nil else { return false }
            state.openByID[id] = state.link(span, indexed: true)
            return true
        }
    }

    /// Records `span`, entered by the scoped span API, as open, and returns the token that finds
    /// it again on exit.
    public func openScoped(_ span: consuming SpanType) -> OpenSpanToken {
        var pending: SpanType? = consume span
        let node = state.withLock { $0.link(pending.take()!, indexed: false) }
        return OpenSpanToken(node: node, generation: node.generation)
    }

    /// Removes the open span `id` and returns it, if it was open.
    public func takeOpenSpan(id: String) -> SpanType? {
        state.withLock { state in
            state.node(withID: id).flatMap { state.take($0) }
        }
    }

    /// Removes the open span that `token` stands for and returns it, if it is still open (a
    /// shutdown may have dropped it already).
    public func takeOpenSpan(_ token: OpenSpanToken) -> SpanType? {
        // A token comes from the store that made it; the check guards against a handler that
        // passes another store's token, without the cost of a dynamic cast.
        guard type(of: token.node) == Node.self else { return nil }
        let node = unsafeDowncast(token.node, to: Node.self)
        return state.withLock { $0.take(node, generation: token.generation) }
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
public struct OpenSpanToken: Sendable {
    let node: any AnyObject & Sendable
    let generation: UInt64

    init(node: any AnyObject & Sendable, generation: UInt64) {
        self.node = node
        self.generation = generation
    }

    private final class NoSpan: Sendable {}
    private static let noSpan = NoSpan()

    /// The token of no span, kept where a handler opened none (cheaper than an `Optional`).
    static var none: OpenSpanToken { OpenSpanToken(node: noSpan, generation: 0) }

    var isNone: Bool { node === Self.noSpan }
}

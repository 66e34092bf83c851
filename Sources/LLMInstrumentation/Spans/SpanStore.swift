
/// The bookkeeping every ``SpanHandler`` shares: its open spans by id and a bounded record of its
/// finished (completed and dropped) spans.
///
/// The store keeps at most ``capacity`` finished spans; when it is full the oldest is evicted and
/// counted in ``evictedSpanCount``, so a long-running service never grows without bound. A handler
/// that forwards spans elsewhere and needs no record passes a capacity of `0`.
public final class SpanStore<SpanType: Span>: Sendable {
    private struct FinishedSpan {
        var span: SpanType
        var isDropped: Bool
    }

    private struct State {
        var open: [String: SpanType] = [:]
        var finished: [FinishedSpan] = []
        var oldestIndex = 0
        var evicted = 0
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
        state.withLock { $0.open }
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
        state.withLock { $0.open[id] }
    }

    /// Whether a span with this id is open.
    public func isOpen(id: String) -> Bool {
        state.withLock { $0.open[id] != nil }
    }

    /// Records `span` as open. Returns `false`, changing nothing, if its id is already open.
    @discardableResult
    public func open(_ span: SpanType) -> Bool {
        state.withLock { state in
            guard state.open[span.id] == nil else { return false }
            state.open[span.id] = span
            return true
        }
    }

    /// Moves the span `id` from the open spans to the finished ones, as `span`.
    public func finish(id: String, as span: SpanType, dropped: Bool) {
        let capacity = self.capacity
        state.withLock { state in
            state.open[id] = nil
            guard capacity > 0 else {
                state.evicted += 1
                return
            }
            let entry = FinishedSpan(span: span, isDropped: dropped)
            if state.finished.count < capacity {
                state.finished.append(entry)
            } else {
                state.finished[state.oldestIndex] = entry
                state.oldestIndex = (state.oldestIndex + 1) % capacity
                state.evicted += 1
            }
        }
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

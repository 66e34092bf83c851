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
        var open: [SpanKey: SpanType] = [:]
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
        state.withLock { state in
            Dictionary(uniqueKeysWithValues: state.open.map { ($0.key.id, $0.value) })
        }
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
        state.withLock { $0.open[SpanKey(id)] }
    }

    /// Whether a span with this id is open.
    public func isOpen(id: String) -> Bool {
        state.withLock { $0.open[SpanKey(id)] != nil }
    }

    /// Records `span` as open. Returns `false`, changing nothing, if its id is already open.
    @discardableResult
    public func open(_ span: SpanType) -> Bool {
        let key = SpanKey(span.id)
        return state.withLock { state in
            guard state.open[key] == nil else { return false }
            state.open[key] = span
            return true
        }
    }

    /// Records `span`, whose id is known to be new, as open, without looking for it first.
    func openNew(_ span: consuming SpanType) {
        let key = SpanKey(span.id)
        var pending: SpanType? = consume span
        state.withLock { $0.open[key] = pending.take() }
    }

    /// Removes the open span `id` and returns it, if it was open. Pair with ``finish(_:dropped:)``,
    /// or put it back with ``open(_:)``.
    public func takeOpenSpan(id: String) -> SpanType? {
        let key = SpanKey(id)
        return state.withLock { $0.open.removeValue(forKey: key) }
    }

    /// Records `span`, no longer open, among the finished spans.
    public func finish(_ span: consuming SpanType, dropped: Bool) {
        let capacity = self.capacity
        var pending: SpanType? = consume span
        // The evicted span is released after the lock is let go.
        var evicted: FinishedSpan?
        state.withLock { state in
            guard capacity > 0 else {
                state.evicted += 1
                return
            }
            let entry = FinishedSpan(span: pending.take()!, isDropped: dropped)
            if state.finished.count < capacity {
                state.finished.append(entry)
            } else {
                evicted = state.finished[state.oldestIndex]
                state.finished[state.oldestIndex] = entry
                state.oldestIndex = (state.oldestIndex + 1) % capacity
                state.evicted += 1
            }
        }
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

/// A span id as a dictionary key, hashed on the part that differs between spans (the unique
/// counter of ids this library makes, or the whole of a shorter id) instead of the whole string,
/// which halves the cost of keeping open spans. Equality still compares whole ids.
struct SpanKey: Hashable, Sendable {
    let id: String

    init(_ id: String) {
        self.id = id
    }

    func hash(into hasher: inout Hasher) {
        var id = id
        id.withUTF8 { bytes in
            // Ids made here end in "<16 hex digits of counter, dashed>-<process suffix>": hash the
            // 16 bytes before the suffix, which hold the counter. Other ids: their last 16 bytes.
            let end = bytes.count >= UniqueID.formattedLength ? bytes.count - 17 : bytes.count
            if end >= 16 {
                let raw = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[(end - 16)..<end]))
                hasher.combine(raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
                hasher.combine(raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            } else {
                hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
            }
        }
    }
}

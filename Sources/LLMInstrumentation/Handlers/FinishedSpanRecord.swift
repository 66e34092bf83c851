/// A bounded record of finished spans, oldest first: when it holds `capacity` spans, recording
/// another evicts the oldest and counts it. Guarded by its owner's lock.
struct FinishedSpanRecord<SpanType: InstrumentationSpan>: Sendable {
    private struct Finished: Sendable {
        var span: SpanType
        var isDropped: Bool
    }

    let capacity: Int
    private var spans: [Finished] = []
    /// Where the oldest span is once the record is full (a ring).
    private var oldestIndex = 0
    private(set) var evictedCount = 0

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// Records `span`, evicting the oldest when full.
    mutating func record(_ span: consuming SpanType, dropped: Bool) {
        let finished = Finished(span: span, isDropped: dropped)
        if spans.count < capacity {
            spans.append(finished)
        } else if capacity > 0 {
            spans[oldestIndex] = finished
            oldestIndex = (oldestIndex + 1) % capacity
            evictedCount += 1
        } else {
            evictedCount += 1
        }
    }

    /// The kept spans that ended normally (`dropped` false) or with an error, oldest first.
    func spans(dropped: Bool) -> [SpanType] {
        (spans[oldestIndex...] + spans[..<oldestIndex]).filter { $0.isDropped == dropped }.map(\.span)
    }

    mutating func removeAll() {
        spans.removeAll()
        oldestIndex = 0
    }
}

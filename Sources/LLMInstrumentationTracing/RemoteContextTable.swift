import Tracing

/// The trace contexts of remote parents, by the span id a restored propagation context made
/// active: at most `capacity` of them, the oldest evicted first (and counted).
struct RemoteContextTable {
    let capacity: Int
    private var contexts: [String: ServiceContext] = [:]
    /// Keys in insertion order, as a ring: `order[oldest...]` then `order[..<oldest]`.
    private var order: [String] = []
    private var oldest = 0
    private(set) var evictedCount = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    var count: Int { contexts.count }

    subscript(spanID: String) -> ServiceContext? {
        contexts[spanID]
    }

    /// Keeps `context` for `spanID`, replacing an earlier one for the same id in place.
    mutating func insert(_ context: ServiceContext, for spanID: String) {
        guard capacity > 0 else {
            evictedCount += 1
            return
        }
        if contexts.updateValue(context, forKey: spanID) != nil { return }
        if order.count < capacity {
            order.append(spanID)
        } else {
            contexts[order[oldest]] = nil
            order[oldest] = spanID
            oldest = (oldest + 1) % capacity
            evictedCount += 1
        }
    }
}

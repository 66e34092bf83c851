import Foundation

/// One span open in one handler: the handler's span, its id when it was entered by hand, and when
/// it started.
struct OpenSpan<SpanType: InstrumentationSpan> {
    var span: SpanType
    /// The id to find it by, for a span entered by hand; `nil` for the scoped span API, which
    /// finds it by its key.
    var id: String?
    var startTime: Date
    var startInstant: UInt64
}

/// The spans open in one span handler, by key (and by id for spans entered by hand). Guarded by
/// its registration's lock.
struct OpenSpanTable<SpanType: InstrumentationSpan>: Sendable {
    private var spans: [Int: OpenSpan<SpanType>] = [:]
    private var keysByID: [String: Int] = [:]
    private var nextKey = 0

    var count: Int { spans.count }

    func contains(id: String) -> Bool {
        keysByID[id] != nil
    }

    /// Keeps `open` and returns its key.
    mutating func insert(_ open: OpenSpan<SpanType>) -> Int {
        let key = nextKey
        nextKey &+= 1
        if let id = open.id { keysByID[id] = key }
        spans[key] = open
        return key
    }

    mutating func remove(key: Int) -> OpenSpan<SpanType>? {
        guard let open = spans.removeValue(forKey: key) else { return nil }
        if let id = open.id { keysByID[id] = nil }
        return open
    }

    mutating func remove(id: String) -> OpenSpan<SpanType>? {
        guard let key = keysByID.removeValue(forKey: id) else { return nil }
        return spans.removeValue(forKey: key)
    }

    /// Removes every open span, oldest first.
    mutating func removeAll() -> [OpenSpan<SpanType>] {
        let all = spans.sorted { $0.key < $1.key }.map(\.value)
        spans.removeAll()
        keysByID.removeAll()
        return all
    }
}

extension OpenSpan: Sendable where SpanType: Sendable {}

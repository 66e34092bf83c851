/// The span of one spanned stream, from its creation to its end: counts the chunks, notes when the
/// first came, and ends the span exactly once, by exit (finished), drop (error or cancellation) or,
/// when the stream is released unfinished, drop with ``StreamAbandonedError``.
final class StreamSpanState: Sendable {
    private struct Progress {
        var isEnded = false
        var chunkCount = 0
        var timeToFirstChunk: Duration?
    }

    let dispatcher: Dispatcher
    let id: String
    let context: InstrumentationContext
    private let start = ContinuousClock.now
    private let progress = LockedValue(Progress())

    init(dispatcher: Dispatcher, id: String, context: InstrumentationContext) {
        self.dispatcher = dispatcher
        self.id = id
        self.context = context
    }

    deinit {
        let unfinished = progress.withLock { progress -> Int? in
            guard !progress.isEnded else { return nil }
            progress.isEnded = true
            return progress.chunkCount
        }
        if let chunkCount = unfinished {
            fail(StreamAbandonedError(chunkCount: chunkCount), alreadyEnded: true)
        }
    }

    /// Counts one more element and returns its index.
    func recordChunk() -> Int {
        let now = ContinuousClock.now
        return progress.withLock { progress in
            if progress.chunkCount == 0 {
                progress.timeToFirstChunk = now - start
            }
            progress.chunkCount += 1
            return progress.chunkCount - 1
        }
    }

    /// The stream finished: exits the span with its summary.
    func finish() {
        let summary = progress.withLock { progress -> StreamSpanSummary? in
            guard !progress.isEnded else { return nil }
            progress.isEnded = true
            return StreamSpanSummary(chunkCount: progress.chunkCount, timeToFirstChunk: progress.timeToFirstChunk)
        }
        guard let summary else { return }
        dispatcher.spanExit(id: id, result: summary, facts: summary.facts)
    }

    /// The stream failed or was cancelled: emits `SpanDropEvent` and drops the span.
    func fail(_ error: any Error, alreadyEnded: Bool = false) {
        if !alreadyEnded {
            let wasEnded = progress.withLock { progress -> Bool in
                defer { progress.isEnded = true }
                return progress.isEnded
            }
            guard !wasEnded else { return }
        }
        dispatcher.event(SpanDropEvent(spanID: id, error: error))
        dispatcher.spanDrop(id: id, error: error)
    }
}

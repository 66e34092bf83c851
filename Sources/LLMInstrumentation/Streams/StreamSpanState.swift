/// The span of one spanned stream, from its creation to its end: counts the chunks, notes when the
/// first came, and ends the span exactly once, by exit (finished), drop (error or cancellation) or,
/// when the stream is released unfinished, drop with ``StreamAbandonedError``.
final class StreamSpanState: Sendable {
    private struct Progress {
        var isEnded = false
        var chunkCount = 0
        var timeToFirstChunk: Duration?
        /// The last element, or all of them when collecting: the output the span exits with.
        var output: [any Sendable] = []
    }

    let dispatcher: Dispatcher
    let id: String
    /// The context the stream's elements are handled in: the span active, with its tags.
    let context: ActiveSpanContext
    /// The context the span was entered in, where its drop event is emitted (as a scoped span's
    /// is), whoever consumes or releases the stream.
    let entryContext: ActiveSpanContext
    let collectsElements: Bool
    private let start = ContinuousClock.now
    private let progress = LockedValue(Progress())

    init(
        dispatcher: Dispatcher,
        id: String,
        context: ActiveSpanContext,
        entryContext: ActiveSpanContext,
        collectsElements: Bool
    ) {
        self.dispatcher = dispatcher
        self.id = id
        self.context = context
        self.entryContext = entryContext
        self.collectsElements = collectsElements
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

    /// Counts one more element, keeps it as the output, and returns its index.
    func recordChunk(_ element: any Sendable) -> Int {
        let now = ContinuousClock.now
        let collects = collectsElements
        return progress.withLock { progress in
            if progress.chunkCount == 0 {
                progress.timeToFirstChunk = now - start
            }
            if collects {
                progress.output.append(element)
            } else {
                progress.output = [element]
            }
            progress.chunkCount += 1
            return progress.chunkCount - 1
        }
    }

    /// The stream finished: exits the span with its output (the last element, or all of them
    /// when collecting) and its summary as facts.
    func finish() {
        let collects = collectsElements
        let ending = progress.withLock { progress -> (output: (any Sendable)?, summary: StreamSpanSummary)? in
            guard !progress.isEnded else { return nil }
            progress.isEnded = true
            let output: (any Sendable)? = collects ? progress.output : progress.output.last
            return (
                output, StreamSpanSummary(chunkCount: progress.chunkCount, timeToFirstChunk: progress.timeToFirstChunk)
            )
        }
        guard let ending else { return }
        dispatcher.spanExit(id: id, result: ending.output, facts: ending.summary.facts)
    }

    /// The stream failed or was cancelled: emits `SpanDropEvent` in the span's entry context and
    /// drops the span.
    func fail(_ error: any Error, alreadyEnded: Bool = false) {
        if !alreadyEnded {
            let wasEnded = progress.withLock { progress -> Bool in
                defer { progress.isEnded = true }
                return progress.isEnded
            }
            guard !wasEnded else { return }
        }
        entryContext.run {
            dispatcher.event(SpanDropEvent(spanID: id, error: error))
        }
        dispatcher.spanDrop(id: id, error: error)
    }
}

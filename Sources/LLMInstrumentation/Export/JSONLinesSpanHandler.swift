import Foundation

/// The span half of ``JSONLinesExporter``: writes each finished span as one line. It keeps no
/// finished spans in memory.
public final class JSONLinesSpanHandler: SpanHandler {
    /// Open spans only; finished ones go to the file.
    public let spanStore = SpanStore<ExportedSpan>(capacity: 0)
    let writer: JSONLinesWriter

    init(writer: JSONLinesWriter) {
        self.writer = writer
    }

    /// Opens a span; its trace root is its parent's, or itself.
    public func newSpan(_ entry: SpanEntry) -> ExportedSpan? {
        // Read once: an entry's ids are formatted as text each time they are read.
        let id = entry.id
        let parentID = entry.parentID
        let root = parentID.flatMap { spanStore.openSpan(id: $0)?.traceRootID } ?? parentID ?? id
        return ExportedSpan(
            id: id,
            parentID: parentID,
            traceRootID: root,
            tags: entry.tags,
            startTime: WallClock.now(),
            arguments: entry.boundArguments,
            facts: [:]
        )
    }

    /// Writes the span as ended normally.
    public func prepareToExitSpan(_ span: consuming ExportedSpan, exit: SpanExit) -> ExportedSpan? {
        span.endTime = WallClock.now()
        span.status = "ok"
        span.result = exit.result
        span.facts = exit.facts
        writer.append(.span(consume span))
        return nil
    }

    /// Writes the span as dropped, with its error.
    public func prepareToDropSpan(_ span: consuming ExportedSpan, drop: SpanDrop) -> ExportedSpan? {
        span.endTime = WallClock.now()
        span.status = "dropped"
        span.errorDescription = String(describing: drop.error)
        writer.append(.span(consume span))
        return nil
    }

    /// Writes everything accepted and closes the file; ``Dispatcher/shutdown()`` calls it.
    public func close() {
        writer.close()
    }
}

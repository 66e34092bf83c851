import Foundation

/// The span half of ``JSONLinesExporter``: writes each finished span as one line. It keeps no
/// finished spans in memory.
public final class JSONLinesSpanHandler: SpanHandler {
    let lease: JSONLinesWriterLease
    var writer: JSONLinesWriter { lease.writer }
    /// The trace root of each open span, so that a child written later names its trace's root.
    private let openTraceRoots = LockedValue<[String: String]>([:])

    init(lease: JSONLinesWriterLease) {
        self.lease = lease
    }

    /// Opens a span; its trace root is its parent's, or itself.
    public func newSpan(_ entry: SpanEntry) -> ExportedSpan? {
        // Read once: an entry's ids are formatted as text each time they are read.
        let id = entry.id
        let parentID = entry.parentID
        let root = openTraceRoots.withLock { roots in
            let root = parentID.flatMap { roots[$0] } ?? parentID ?? id
            roots[id] = root
            return root
        }
        return ExportedSpan(
            id: id,
            parentID: parentID,
            traceRootID: root,
            tags: entry.tags,
            startTime: entry.startTime,
            arguments: entry.boundArguments,
            facts: [:]
        )
    }

    /// Writes the span as ended normally.
    public func prepareToExitSpan(_ span: ExportedSpan, exit: SpanExit) {
        var span = span
        span.endTime = exit.timing.endTime
        span.status = "ok"
        span.result = exit.result
        span.facts = exit.facts
        write(span)
    }

    /// Writes the span as dropped, with its error.
    public func prepareToDropSpan(_ span: ExportedSpan, drop: SpanDrop) {
        var span = span
        span.endTime = drop.timing.endTime
        span.status = "dropped"
        span.errorDescription = String(describing: drop.error)
        write(span)
    }

    private func write(_ span: ExportedSpan) {
        openTraceRoots.withLock { $0[span.id] = nil }
        writer.append(.span(span))
    }

    /// Writes everything accepted and closes the file; ``Dispatcher/shutdown()`` calls it.
    public func close() {
        writer.close()
    }
}

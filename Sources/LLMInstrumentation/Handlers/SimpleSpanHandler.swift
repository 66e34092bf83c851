import Foundation
public import Logging

/// A span handler that records each span's start, end and duration, and shows them as trace
/// trees.
///
/// Unlike the reference, it keeps at most `capacity` finished spans (10,000 by default), evicting
/// the oldest and counting the evictions in ``evictedSpanCount``, so it can stay attached in a
/// long-running service.
///
/// ```swift
/// let spans = SimpleSpanHandler()
/// Dispatcher.root.addSpanHandler(spans)
/// try await pipeline.run("What is Swift?")
/// spans.printTraceTrees()
/// ```
public final class SimpleSpanHandler: SpanHandler, SelectiveSpanHandler {
    private let record: LockedValue<FinishedSpanRecord<SimpleSpan>>
    private let logger: Logger

    /// Creates the handler.
    /// - Parameters:
    ///   - capacity: the most finished spans kept; the oldest are evicted first.
    ///   - logger: where warnings about the recorded spans (a missing parent) go.
    public init(capacity: Int = 10_000, logger: Logger = Logger(label: "llm-instrumentation")) {
        self.record = LockedValue(FinishedSpanRecord(capacity: capacity))
        self.logger = logger
    }

    /// A simple span records times, not arguments, so they are not built for it.
    package var readsBoundArguments: Bool { false }

    /// A simple span records times, not results.
    package var readsResults: Bool { false }

    /// The most finished spans kept.
    public var capacity: Int { record.withLock { $0.capacity } }

    /// How many finished spans were evicted to stay within the capacity.
    public var evictedSpanCount: Int { record.withLock { $0.evictedCount } }

    /// The kept spans that ended normally, oldest first.
    public var completedSpans: [SimpleSpan] { record.withLock { $0.spans(dropped: false) } }

    /// The kept spans that ended with an error, oldest first.
    public var droppedSpans: [SimpleSpan] { record.withLock { $0.spans(dropped: true) } }

    /// Forgets every finished span.
    public func removeFinishedSpans() {
        record.withLock { $0.removeAll() }
    }

    /// Makes a span that starts at the entry's start time.
    public func newSpan(_ entry: SpanEntry) -> SimpleSpan? {
        SimpleSpan(spanID: entry.spanID, parentSpanID: entry.parentSpanID, tags: entry.tags, startTime: entry.startTime)
    }

    /// Sets the end time and the duration, records the exit's facts (``SpanExit/facts``, such as
    /// a stream's chunk count) in the metadata, and keeps the span as completed.
    public func prepareToExitSpan(_ span: consuming SimpleSpan, exit: SpanExit) {
        span.finish(exit.timing)
        if !exit.facts.isEmpty {
            span.metadata = (span.metadata ?? [:]).merging(exit.facts) { _, new in new }
        }
        keep(span, dropped: false)
    }

    /// Sets the end time, the duration and `metadata["error"]` to the error's text, and keeps the
    /// span as dropped.
    public func prepareToDropSpan(_ span: consuming SimpleSpan, drop: SpanDrop) {
        span.finish(drop.timing)
        span.metadata = ["error": .string(String(describing: drop.error))]
        keep(span, dropped: true)
    }

    /// Keeps a finished span in the bounded record.
    func keep(_ span: consuming SimpleSpan, dropped: Bool) {
        var kept = Optional(span)
        record.withLock { $0.record(kept.take()!, dropped: dropped) }
    }

    /// The recorded spans (completed and dropped) as trees: one per root span, children ordered
    /// by start time, roots too. Every recorded span is in exactly one tree.
    ///
    /// A span whose parent was not recorded (evicted, or entered in another process) hangs under a
    /// placeholder node `"<parent id>-MISSING"`, and a warning is logged. Spans whose parent ids
    /// form a cycle (a span its own parent, or two spans each other's) are shown from the cycle's
    /// earliest-started span, made a root, and a warning is logged. Built without recursion, in
    /// time and memory linear in the spans, whatever the trees' shape.
    public func traceTrees() -> [SpanTree] {
        let spans = completedSpans + droppedSpans
        let forest = SpanForest(
            spans.map { ($0.id, $0.parentID, $0.startTime) },
            placeholdersForMissingParents: true
        )
        for missing in forest.missingParents {
            logger.warning(
                "Parent with id \(missing.parentID) missing from spans",
                metadata: ["span_id": .string(spans[missing.firstChild].id), "parent_id": .string(missing.parentID)]
            )
        }
        for index in forest.cycleRoots {
            let span = spans[index]
            logger.warning(
                "Span with id \(span.id) is in a cycle of parent ids; shown as a root",
                metadata: ["span_id": .string(span.id), "parent_id": .string(span.parentID ?? "")]
            )
        }
        return forest.trees.map { entries in
            SpanTree(
                preorder: entries.map { entry in
                    switch entry.node {
                    case .span(let index):
                        SpanTreeNode(id: spans[index].id, span: spans[index], parentIndex: entry.parentIndex)
                    case .placeholder(let parentID):
                        SpanTreeNode(
                            id: SpanForest.placeholderID(forMissingParent: parentID),
                            span: nil,
                            parentIndex: entry.parentIndex
                        )
                    }
                }
            )
        }
    }

    /// The trace trees drawn as text, one tree after another: each node `"<span id> (<seconds>)"`.
    /// At most 32 levels are indented; see ``SpanTree/renderedTree``.
    public func traceTreesDescription() -> String {
        traceTrees().map(\.renderedTree).joined()
    }

    /// Prints the trace trees to standard output.
    public func printTraceTrees() {
        print(traceTreesDescription(), terminator: "")
    }
}

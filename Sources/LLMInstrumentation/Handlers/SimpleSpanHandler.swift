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
    /// by start time, roots too.
    ///
    /// A span whose parent was not recorded (evicted, or entered in another process) hangs under a
    /// placeholder node `"<parent id>-MISSING"`, and a warning is logged.
    public func traceTrees() -> [SpanTreeNode] {
        let spans = (completedSpans + droppedSpans).sorted { $0.startTime < $1.startTime }
        let recordedIDs = Set(spans.map(\.id))
        var childrenByParent: [String: [SimpleSpan]] = [:]
        var roots: [(start: Date, id: String, span: SimpleSpan?)] = []
        var placeholders: [String: Date] = [:]

        for span in spans {
            guard let parentID = span.parentID else {
                roots.append((span.startTime, span.id, span))
                continue
            }
            if recordedIDs.contains(parentID) {
                childrenByParent[parentID, default: []].append(span)
            } else {
                let placeholderID = parentID + "-MISSING"
                if placeholders[placeholderID] == nil {
                    logger.warning(
                        "Parent with id \(parentID) missing from spans",
                        metadata: ["span_id": .string(span.id), "parent_id": .string(parentID)]
                    )
                    placeholders[placeholderID] = span.startTime
                }
                childrenByParent[placeholderID, default: []].append(span)
            }
        }
        for (placeholderID, start) in placeholders {
            roots.append((start, placeholderID, nil))
        }
        roots.sort { ($0.start, $0.id) < ($1.start, $1.id) }

        func node(id: String, span: SimpleSpan?, path: Set<String>) -> SpanTreeNode {
            let children = (childrenByParent[id] ?? []).filter { !path.contains($0.id) }
            let inner = path.union([id])
            return SpanTreeNode(
                id: id,
                span: span,
                children: children.map { node(id: $0.id, span: $0, path: inner) }
            )
        }
        return roots.map { node(id: $0.id, span: $0.span, path: []) }
    }

    /// The trace trees drawn as text, one tree after another: each node `"<span id> (<seconds>)"`.
    public func traceTreesDescription() -> String {
        traceTrees().map(\.renderedTree).joined()
    }

    /// Prints the trace trees to standard output.
    public func printTraceTrees() {
        print(traceTreesDescription(), terminator: "")
    }
}

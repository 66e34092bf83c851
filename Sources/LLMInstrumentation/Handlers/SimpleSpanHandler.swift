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
public final class SimpleSpanHandler: SpanHandler {
    /// The handler's open spans and its bounded record of finished ones.
    public let spanStore: SpanStore<SimpleSpan>
    private let logger: Logger

    /// Creates the handler.
    /// - Parameters:
    ///   - capacity: the most finished spans kept; the oldest are evicted first.
    ///   - logger: where warnings about the recorded spans (a missing parent) go.
    public init(capacity: Int = 10_000, logger: Logger = Logger(label: "llm-instrumentation")) {
        self.spanStore = SpanStore(capacity: capacity, recyclingEvictedSpans: true)
        self.logger = logger
    }

    /// `false`: a simple span records times, not arguments, so they are not built for it.
    public var receivesBoundArguments: Bool { false }

    /// `false`: a simple span records times, not results.
    public var receivesResults: Bool { false }

    /// How many finished spans were evicted to stay within the capacity.
    public var evictedSpanCount: Int { spanStore.evictedSpanCount }

    /// Makes a span that starts now.
    public func newSpan(_ entry: SpanEntry) -> SimpleSpan? {
        SimpleSpan(spanID: entry.spanID, parentSpanID: entry.parentSpanID, tags: entry.tags, startTime: WallClock.now())
    }

    /// Sets the end time and the duration, and records the exit's facts (``SpanExit/facts``, such
    /// as a stream's chunk count) in the metadata.
    public func prepareToExitSpan(_ span: consuming SimpleSpan, exit: SpanExit) -> SimpleSpan? {
        Self.complete(&span, at: WallClock.now(), facts: exit.facts)
        return span
    }

    /// Sets the end time, the duration and `metadata["error"]` to the error's text.
    public func prepareToDropSpan(_ span: consuming SimpleSpan, drop: SpanDrop) -> SimpleSpan? {
        Self.complete(&span, at: WallClock.now(), error: String(describing: drop.error))
        return span
    }

    /// Enters a span of the scoped span API: the span starts now, in the storage of a span
    /// evicted from the full record when there is one (no allocation), and is recorded as open.
    public func spanEnter(scoped entry: SpanEntry) -> OpenSpanToken? {
        let start = WallClock.now()
        return spanStore.openScoped { recycled in
            SimpleSpan.reopened(
                recycled,
                spanID: entry.spanID,
                parentSpanID: entry.parentSpanID,
                tags: entry.tags,
                startTime: start
            )
        }
    }

    /// Exits a span of the scoped span API as ``prepareToExitSpan(_:exit:)`` does, taking it from
    /// the open spans and recording it as completed in one step.
    public func spanExit(scoped token: OpenSpanToken, _ exit: SpanExit) {
        let end = WallClock.now()
        let facts = exit.facts
        spanStore.finishOpenSpan(token, dropped: false) { Self.complete(&$0, at: end, facts: facts) }
    }

    /// Drops a span of the scoped span API as ``prepareToDropSpan(_:drop:)`` does, taking it from
    /// the open spans and recording it as dropped in one step.
    public func spanDrop(scoped token: OpenSpanToken, _ drop: SpanDrop) {
        let end = WallClock.now()
        // Described before the store's lock is taken: an error's description is anyone's code.
        let error = String(describing: drop.error)
        spanStore.finishOpenSpan(token, dropped: true) { Self.complete(&$0, at: end, error: error) }
    }

    /// Ends `span` at `end`, recording `facts` in its metadata.
    private static func complete(_ span: inout SimpleSpan, at end: Date, facts: [String: JSONValue]) {
        span.finish(at: end)
        if !facts.isEmpty {
            span.metadata = (span.metadata ?? [:]).merging(facts) { _, new in new }
        }
    }

    /// Ends `span` at `end` with `error` as `metadata["error"]`.
    private static func complete(_ span: inout SimpleSpan, at end: Date, error: String) {
        span.finish(at: end)
        span.metadata = ["error": .string(error)]
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

import LLMInstrumentation
import Logging
import Tracing

/// What the span and event handlers of one ``TracingBridge`` share: the tracer, the open traced
/// spans by id, the remote parents of restored contexts, and the counters.
final class TracingState: Sendable {
    private struct Tables {
        var open: [String: TracedSpanRecord] = [:]
        var remote: RemoteContextTable
        var untracedSpanCount = 0
        var malformedTraceContextCount = 0
        var unattachedEventCount = 0
        var runtimeSpanEventCount = 0
        var loggedUntraced = false
        var loggedUnattached = false
    }

    let tracer: any Tracer
    let logger: Logger
    let configuration: TracingConfiguration
    private let tables: LockedValue<Tables>

    init(tracer: any Tracer, logger: Logger, configuration: TracingConfiguration) {
        self.tracer = tracer
        self.logger = logger
        self.configuration = configuration
        self.tables = LockedValue(Tables(remote: RemoteContextTable(capacity: configuration.maximumRemoteContexts)))
    }

    /// The open traced span `id`, if any.
    func record(id: String) -> TracedSpanRecord? {
        tables.withLock { $0.open[id] }
    }

    /// What a span whose enclosing span is `parentID` continues: the traced span `parentID`, or the
    /// remote parent restored under that id, or else the runtime's current trace. `nil` when the
    /// span may not be traced: ``TracingConfiguration/maximumOpenSpans`` are open (the refusal is
    /// counted, and the first logged). Spans entered concurrently may pass that check together, so
    /// the open table can exceed its capacity by the number of threads entering spans at once.
    func parentContext(forSpan spanID: String, parentID: String?) -> ServiceContext? {
        let maximum = configuration.maximumOpenSpans
        let found = tables.withLock {
            tables -> (room: Bool, firstRefusal: Bool, local: TracedSpanRecord?, remote: ServiceContext?) in
            guard tables.open.count < maximum else {
                tables.untracedSpanCount += 1
                defer { tables.loggedUntraced = true }
                return (false, !tables.loggedUntraced, nil, nil)
            }
            guard let parentID else { return (true, false, nil, nil) }
            if let record = tables.open[parentID] { return (true, false, record, nil) }
            return (true, false, nil, tables.remote[parentID])
        }
        guard found.room else {
            if found.firstRefusal {
                logger.warning(
                    "Too many open spans: new spans are not traced until some end",
                    metadata: ["maximum_open_spans": .stringConvertible(maximum), "span_id": .string(spanID)]
                )
            }
            return nil
        }
        if let local = found.local { return local.context }
        if let remote = found.remote { return remote }
        if configuration.separatesTraceFromRuntimeContext { return .topLevel }
        return ServiceContext.current ?? .topLevel
    }

    /// The trace context of the span `id`: a traced span's, or a restored remote parent's.
    func serviceContext(forSpanID id: String) -> ServiceContext? {
        let found = tables.withLock { tables -> (local: TracedSpanRecord?, remote: ServiceContext?) in
            if let record = tables.open[id] { return (record, nil) }
            return (nil, tables.remote[id])
        }
        return found.local?.context ?? found.remote
    }

    /// Records `record` as open.
    func open(_ record: TracedSpanRecord) {
        tables.withLock { $0.open[record.id] = record }
    }

    /// Forgets the open span `record`.
    func close(_ record: TracedSpanRecord) {
        tables.withLock { tables in
            if tables.open[record.id] === record {
                tables.open[record.id] = nil
            }
        }
    }

    /// Keeps the remote parent `context` for the restored span id `spanID`.
    func restore(_ context: ServiceContext, for spanID: String) {
        tables.withLock { $0.remote.insert(context, for: spanID) }
    }

    /// Counts a malformed trace context.
    func countMalformedTraceContext() {
        tables.withLock { $0.malformedTraceContextCount += 1 }
    }

    /// Counts an event that went onto the runtime's current span.
    func countRuntimeSpanEvent() {
        tables.withLock { $0.runtimeSpanEventCount += 1 }
    }

    /// Counts an event that found no span, logging the first.
    func countUnattachedEvent(className: String, spanID: String?) {
        let first = tables.withLock { tables -> Bool in
            tables.unattachedEventCount += 1
            defer { tables.loggedUnattached = true }
            return !tables.loggedUnattached
        }
        if first {
            logger.notice(
                "An event belongs to no traced span and there is no current trace span: it is not recorded (further such events are only counted)",
                metadata: ["event": .string(className), "span_id": .string(spanID ?? "none")]
            )
        }
    }

    var statistics: TracingStatistics {
        tables.withLock { tables in
            TracingStatistics(
                openSpanCount: tables.open.count,
                untracedSpanCount: tables.untracedSpanCount,
                remoteContextCount: tables.remote.count,
                evictedRemoteContextCount: tables.remote.evictedCount,
                malformedTraceContextCount: tables.malformedTraceContextCount,
                unattachedEventCount: tables.unattachedEventCount,
                runtimeSpanEventCount: tables.runtimeSpanEventCount
            )
        }
    }
}

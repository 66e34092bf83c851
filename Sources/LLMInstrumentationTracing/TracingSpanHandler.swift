public import LLMInstrumentation
public import Tracing

/// The span handler of a ``TracingBridge``: makes every span of the instrumented program a span
/// of a swift-distributed-tracing `Tracer`, and continues traces across processes.
///
/// Each span is started when it is entered, named after its id without the unique suffix
/// (`MyRetriever.retrieve`), as a child of the tracer span of its parent, wherever the parent
/// was entered (another thread, a manual `spanEnter`), or of the remote span a restored
/// propagation context names, or else of the runtime's current `ServiceContext`. It ends when
/// the span exits (status `ok`, the result as `output.value`) or is dropped (the error recorded,
/// status `error`), with the attributes its events set written at once.
///
/// Get one from ``TracingBridge/spanHandler``; it shares its state with the bridge's
/// ``TracingEventHandler``.
public final class TracingSpanHandler: SpanHandler {
    let state: TracingState

    init(state: TracingState) {
        self.state = state
    }

    /// The tracer spans are made with.
    public var tracer: any Tracer { state.tracer }

    /// Starts the tracer's span for `entry`, under its parent's, with the entry's tags and
    /// arguments (`input.value`, JSON) as attributes. Returns `nil`, tracing nothing, when
    /// ``TracingConfiguration/maximumOpenSpans`` are open.
    public func newSpan(_ entry: SpanEntry) -> TracedSpan? {
        // Read once: an entry's ids are formatted as text each time they are read.
        let id = entry.id
        let parentID = entry.parentID
        guard let parent = state.parentContext(forSpan: id, parentID: parentID) else { return nil }
        let tracerSpan = state.tracer.startSpan(
            entry.name,
            context: parent,
            ofKind: .internal,
            at: TracingClock.instant(of: entry.startTime),
            function: #function,
            file: #fileID,
            line: #line
        )
        var initial = PendingAttributes()
        if tracerSpan.isRecording {
            if !entry.tags.isEmpty {
                RequestContextAttributes.write(entry.tags, spanID: id, logger: state.logger, into: &initial)
            }
            initial.set(OpenInference.inputValue, AttributeJSON.objectText(of: entry.boundArguments))
            initial.set(OpenInference.inputMimeType, OpenInference.mimeJSON)
        }
        let record = TracedSpanRecord(
            id: id,
            span: tracerSpan,
            instanceTypeName: entry.instanceTypeName,
            initial: initial
        )
        state.open(record)
        return TracedSpan(id: id, parentID: parentID, tags: entry.tags, record: record)
    }

    /// Ends the tracer's span: status `ok`, the result as `output.value` unless an event set it,
    /// the exit's facts (a stream's `chunk_count`, `time_to_first_chunk`) as
    /// `llm_instrumentation.*` attributes.
    public func prepareToExitSpan(_ span: TracedSpan, exit: SpanExit) {
        let record = span.record
        record.exit(result: exit.result, facts: exit.facts, at: exit.timing.endTime)
        state.close(record)
    }

    /// Ends the tracer's span with the error recorded and status `error`
    /// (`"<ErrorType>: <error>"`); a cancellation is recorded as a `span.cancelled` event instead.
    public func prepareToDropSpan(_ span: TracedSpan, drop: SpanDrop) {
        let record = span.record
        record.drop(error: drop.error, at: drop.timing.endTime)
        state.close(record)
    }

    /// The trace context of the active span, written with the tracer's `inject` as strings: for an
    /// OpenTelemetry tracer, W3C `traceparent` (and `tracestate`, `baggage` when there are any).
    ///
    /// The active span is the traced span whose id is `ActiveSpanContext.activeSpanID`, or
    /// the remote parent restored under that id; outside both, the runtime's current
    /// `ServiceContext`, if any. Returns nothing when there is no trace to continue.
    public func capturePropagationContext() -> [String: JSONValue] {
        guard let context = activeServiceContext else { return [:] }
        var carrier: [String: String] = [:]
        state.tracer.inject(context, into: &carrier, using: DictionaryInjector())
        return carrier.mapValues(JSONValue.string)
    }

    /// Reads the trace context captured by another process's ``capturePropagationContext()``
    /// back with the tracer's `extract`, and keeps it as the remote parent of the spans whose
    /// parent is the captured `active_span_id` (which the core's restore makes the active span).
    ///
    /// A malformed `traceparent` (or one that is not a string) is ignored with a warning (the rest
    /// of the context, tags and active span, still applies) and counted in
    /// ``TracingStatistics/malformedTraceContextCount``. A context without `active_span_id` has no
    /// span to hang the remote parent on and is left to the core.
    public func restorePropagationContext(_ context: [String: JSONValue]) {
        guard case .string(let spanID)? = context[PropagationContext.spanIDKey] else { return }
        var carrier: [String: String] = [:]
        for (key, value) in context where key != PropagationContext.spanIDKey {
            if case .string(let text) = value { carrier[key] = text }
        }
        if let traceparent = context[TraceParent.headerName] {
            let text = traceparent.stringValue
            if text.map(TraceParent.isValid) != true {
                state.countMalformedTraceContext()
                state.logger.warning(
                    "Ignoring a malformed traceparent in a propagation context",
                    metadata: [
                        "traceparent": .string(String(traceparent.jsonString().prefix(200))),
                        "active_span_id": .string(spanID),
                    ]
                )
                carrier[TraceParent.headerName] = nil
                carrier[TraceParent.stateHeaderName] = nil
            }
        }
        guard !carrier.isEmpty, state.record(id: spanID) == nil else { return }
        var extracted = ServiceContext.topLevel
        state.tracer.extract(carrier, into: &extracted, using: DictionaryExtractor())
        guard !extracted.isEmpty else { return }
        state.restore(extracted, for: spanID)
    }

    /// The trace context of the span `id`: a traced span's, or the remote parent restored under
    /// that id; `nil` for any other id.
    public func serviceContext(forSpanID id: String) -> ServiceContext? {
        state.serviceContext(forSpanID: id)
    }

    /// The trace context of the active span (see ``capturePropagationContext()``), to run code
    /// instrumented with swift-distributed-tracing (an HTTP client, a database driver) under it:
    ///
    /// ```swift
    /// try await ServiceContext.withValue(bridge.spanHandler.activeServiceContext) {
    ///     try await httpClient.execute(request, timeout: .seconds(30))
    /// }
    /// ```
    public var activeServiceContext: ServiceContext? {
        if let id = ActiveSpanContext.activeSpanID,
            let context = state.serviceContext(forSpanID: id)
        {
            return context
        }
        return ServiceContext.current
    }
}

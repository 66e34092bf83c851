/// The limits and choices of a ``TracingBridge``.
///
/// Every table the bridge keeps is bounded; what does not fit is counted in
/// ``TracingStatistics``.
public struct TracingConfiguration: Sendable, Hashable {
    /// The most spans traced at once. A span entered while this many are open is not traced (its
    /// children then hang under the runtime's current trace) and is counted in
    /// ``TracingStatistics/untracedSpanCount``. 100,000 by default.
    public var maximumOpenSpans: Int
    /// The most remote parents kept for restored propagation contexts: the table from a restored
    /// `active_span_id` to the trace context extracted with it. The oldest entry is evicted first
    /// and counted in ``TracingStatistics/evictedRemoteContextCount``. 4,096 by default.
    public var maximumRemoteContexts: Int
    /// The most span events added to one span (one per event, besides the first streamed
    /// piece's `First Token Stream Event`); the rest are counted in the span's
    /// `llm_instrumentation.dropped_span_events` attribute. 128 by default, OpenTelemetry's default
    /// limit.
    public var maximumSpanEventsPerSpan: Int
    /// Whether a span with no traced parent starts a trace of its own instead of joining the
    /// trace of the runtime's current `ServiceContext` (an HTTP server's request span, for
    /// instance), as OpenInference's `separate_trace_from_runtime_context`. `false` by default.
    public var separatesTraceFromRuntimeContext: Bool

    /// Creates a configuration.
    public init(
        maximumOpenSpans: Int = 100_000,
        maximumRemoteContexts: Int = 4096,
        maximumSpanEventsPerSpan: Int = 128,
        separatesTraceFromRuntimeContext: Bool = false
    ) {
        self.maximumOpenSpans = max(0, maximumOpenSpans)
        self.maximumRemoteContexts = max(0, maximumRemoteContexts)
        self.maximumSpanEventsPerSpan = max(0, maximumSpanEventsPerSpan)
        self.separatesTraceFromRuntimeContext = separatesTraceFromRuntimeContext
    }
}

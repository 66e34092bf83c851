/// What a ``TracingBridge`` has counted: its tables' sizes and what it could not trace.
public struct TracingStatistics: Sendable, Hashable {
    /// Spans being traced now.
    public var openSpanCount: Int
    /// Spans not traced because ``TracingConfiguration/maximumOpenSpans`` were open.
    public var untracedSpanCount: Int
    /// Remote parents kept for restored propagation contexts.
    public var remoteContextCount: Int
    /// Remote parents evicted to stay within ``TracingConfiguration/maximumRemoteContexts``.
    public var evictedRemoteContextCount: Int
    /// Propagation contexts whose `traceparent` was malformed and ignored.
    public var malformedTraceContextCount: Int
    /// Events that belonged to no traced span and found no current span of the tracer either:
    /// they were not recorded anywhere.
    public var unattachedEventCount: Int
    /// Events that belonged to no traced span and went, as span events, onto the tracer's span
    /// of the runtime's current `ServiceContext`.
    public var runtimeSpanEventCount: Int

    /// Creates statistics.
    public init(
        openSpanCount: Int = 0,
        untracedSpanCount: Int = 0,
        remoteContextCount: Int = 0,
        evictedRemoteContextCount: Int = 0,
        malformedTraceContextCount: Int = 0,
        unattachedEventCount: Int = 0,
        runtimeSpanEventCount: Int = 0
    ) {
        self.openSpanCount = openSpanCount
        self.untracedSpanCount = untracedSpanCount
        self.remoteContextCount = remoteContextCount
        self.evictedRemoteContextCount = evictedRemoteContextCount
        self.malformedTraceContextCount = malformedTraceContextCount
        self.unattachedEventCount = unattachedEventCount
        self.runtimeSpanEventCount = runtimeSpanEventCount
    }
}

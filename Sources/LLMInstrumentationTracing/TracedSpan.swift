public import LLMInstrumentation
public import Tracing

/// A span of the instrumented program as ``TracingSpanHandler`` keeps it while it is open: the
/// core's fields and the tracer's span that stands for it.
public struct TracedSpan: InstrumentationSpan {
    /// The span's id, `"<Type>.<method>-<unique>"`.
    public let id: String
    /// The id of the enclosing span, or `nil` for a root span.
    public let parentID: String?
    /// The tags active when the span was entered.
    public let tags: [String: JSONValue]
    let record: TracedSpanRecord

    init(id: String, parentID: String?, tags: [String: JSONValue], record: TracedSpanRecord) {
        self.id = id
        self.parentID = parentID
        self.tags = tags
        self.record = record
    }

    /// The tracer's span, named after this span's `name` (its id without the unique suffix).
    public var tracerSpan: any Tracing.Span { record.span }

    /// The trace context of the tracer's span, to start spans of other libraries under it.
    public var serviceContext: ServiceContext { record.context }
}

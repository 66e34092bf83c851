/// A span handler that makes no spans. The root dispatcher starts with one; the dispatcher skips
/// it when deciding whether anybody listens, so it costs nothing.
public struct NullSpanHandler: SpanHandler {
    /// Creates the handler.
    public init() {}

    /// Makes no span.
    public func newSpan(_ entry: SpanEntry) -> SimpleSpan? { nil }

    /// Never called: no span is made.
    public func prepareToExitSpan(_ span: SimpleSpan, exit: SpanExit) {}

    /// Never called: no span is made.
    public func prepareToDropSpan(_ span: SimpleSpan, drop: SpanDrop) {}
}

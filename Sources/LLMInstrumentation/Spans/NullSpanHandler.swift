/// A span handler that makes no spans. The root dispatcher starts with one; the dispatcher skips
/// it when deciding whether anybody listens, so it costs nothing.
public struct NullSpanHandler: SpanHandler {
    /// An empty store that keeps nothing.
    public let spanStore = SpanStore<SimpleSpan>(capacity: 0)

    /// Creates the handler.
    public init() {}

    /// Makes no span.
    public func newSpan(_ entry: SpanEntry) -> SimpleSpan? { nil }

    /// Records nothing.
    public func prepareToExitSpan(_ span: consuming SimpleSpan, exit: SpanExit) -> SimpleSpan? { nil }

    /// Records nothing.
    public func prepareToDropSpan(_ span: consuming SimpleSpan, drop: SpanDrop) -> SimpleSpan? { nil }
}

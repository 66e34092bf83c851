/// Decides what happens when spans are entered, exited and dropped.
///
/// A span handler is generic over the type of span it makes. Implement the seed's three hooks;
/// the dispatcher keeps the open spans, hands each back to the hook that ends it, and drops those
/// still open at ``Dispatcher/shutdown()``. A handler that keeps finished spans, writes them or
/// forwards them does so in its end hooks:
///
/// ```swift
/// struct TimedSpan: InstrumentationSpan {
///     var id: String
///     var parentID: String?
///     var tags: [String: JSONValue]
///     var name: String
/// }
///
/// final class TimingSpanHandler: SpanHandler {
///     func newSpan(_ entry: SpanEntry) -> TimedSpan? {
///         TimedSpan(id: entry.id, parentID: entry.parentID, tags: entry.tags, name: entry.name)
///     }
///     func prepareToExitSpan(_ span: TimedSpan, exit: SpanExit) {
///         print(span.name, "took", exit.timing.duration)
///     }
///     func prepareToDropSpan(_ span: TimedSpan, drop: SpanDrop) {
///         print(span.name, "failed after", drop.timing.duration, drop.error)
///     }
/// }
/// ```
///
/// Hooks may throw; the error is counted and reported, never passed to the instrumented code.
public protocol SpanHandler<SpanType>: Sendable {
    /// The type of span this handler makes.
    associatedtype SpanType: InstrumentationSpan

    /// Makes the span for a new entry, or returns `nil` to ignore it.
    func newSpan(_ entry: SpanEntry) throws -> SpanType?

    /// The open `span` ended normally; it is no longer open (the reference left a span open when
    /// this hook returned nothing). The hook owns `span`: a handler that keeps it keeps it without
    /// a copy (an implementation may take it `consuming` or as a plain parameter).
    func prepareToExitSpan(_ span: consuming SpanType, exit: SpanExit) throws

    /// The open `span` ended with an error; it is no longer open. The hook owns `span`.
    func prepareToDropSpan(_ span: consuming SpanType, drop: SpanDrop) throws

    /// What this handler needs to continue a trace in another task or process, merged into
    /// ``Dispatcher/capturePropagationContext()``. Defaults to nothing.
    func capturePropagationContext() throws -> [String: JSONValue]

    /// Continues a trace captured elsewhere. Defaults to doing nothing.
    func restorePropagationContext(_ context: [String: JSONValue]) throws

    /// Releases what the handler holds (files, connections); called once by
    /// ``Dispatcher/shutdown()``, after the spans still open were dropped. Defaults to doing
    /// nothing.
    func close() throws
}

extension SpanHandler {
    /// Returns an empty context.
    public func capturePropagationContext() throws -> [String: JSONValue] { [:] }

    /// Does nothing.
    public func restorePropagationContext(_ context: [String: JSONValue]) throws {}

    /// Does nothing.
    public func close() throws {}
}

/// Decides what happens when spans are entered, exited and dropped, and keeps its spans.
///
/// A span handler is generic over the type of span it makes. Implement the three hooks; the
/// protocol's extension does the bookkeeping in ``spanStore`` (open spans by id, a bounded record
/// of finished ones):
///
/// ```swift
/// struct TimedSpan: Span { var id: String; var parentID: String?; var tags: [String: JSONValue]; var start: ContinuousClock.Instant }
///
/// final class TimingSpanHandler: SpanHandler {
///     let spanStore = SpanStore<TimedSpan>()
///     func newSpan(_ entry: SpanEntry) -> TimedSpan? {
///         TimedSpan(id: entry.id, parentID: entry.parentID, tags: entry.tags, start: .now)
///     }
///     func prepareToExitSpan(_ span: consuming TimedSpan, exit: SpanExit) -> TimedSpan? { span }
///     func prepareToDropSpan(_ span: consuming TimedSpan, drop: SpanDrop) -> TimedSpan? { span }
/// }
/// ```
///
/// Hooks may throw; the error is counted and reported, never passed to the instrumented code.
public protocol SpanHandler<SpanType>: Sendable {
    /// The type of span this handler makes.
    associatedtype SpanType: Span

    /// Where the handler's open and finished spans are kept.
    var spanStore: SpanStore<SpanType> { get }

    /// Makes the span for a new entry, or returns `nil` to ignore it.
    func newSpan(_ entry: SpanEntry) throws -> SpanType?

    /// Finishes the open `span` that ended normally. Return the finished span to record it as
    /// completed, or `nil` to record nothing. Either way the span is no longer open (the reference
    /// left it open forever).
    func prepareToExitSpan(_ span: consuming SpanType, exit: SpanExit) throws -> SpanType?

    /// Finishes the open `span` that ended with an error. Return the finished span to record it as
    /// dropped, or `nil` to record nothing. Either way the span is no longer open.
    func prepareToDropSpan(_ span: consuming SpanType, drop: SpanDrop) throws -> SpanType?

    /// What this handler needs to continue a trace in another task or process, merged into
    /// ``Dispatcher/capturePropagationContext()``. Defaults to nothing.
    func capturePropagationContext() throws -> [String: JSONValue]

    /// Continues a trace captured elsewhere. Defaults to doing nothing.
    func restorePropagationContext(_ context: [String: JSONValue]) throws

    /// Releases what the handler holds (files, connections); called once by
    /// ``Dispatcher/shutdown()``. Defaults to doing nothing.
    func close() throws

    /// The name used for this handler in diagnostics. Defaults to the type's name.
    var name: String { get }

    /// Whether the handler reads ``SpanEntry/boundArguments``, ``SpanExit/boundArguments`` and
    /// ``SpanDrop/boundArguments``. Defaults to `true`; a handler that never looks at them returns
    /// `false`, and when no handler on the chain does, the arguments are never built.
    var receivesBoundArguments: Bool { get }

    /// Whether the handler reads ``SpanExit/result``. Defaults to `true`; a handler that never
    /// looks at results returns `false`, and when no handler on the chain does, the scoped span
    /// API does not box the result (nor describe a result that is not `Sendable`).
    var receivesResults: Bool { get }

    /// Enters a span. The default makes it with ``newSpan(_:)`` and records it as open, unless a
    /// span with this id is already open; handlers rarely replace it.
    func spanEnter(_ entry: SpanEntry) throws

    /// Exits a span. The default finishes the open span with ``prepareToExitSpan(_:exit:)`` and
    /// records it as completed; handlers rarely replace it.
    func spanExit(_ exit: SpanExit) throws

    /// Drops a span. The default finishes the open span with ``prepareToDropSpan(_:drop:)`` and
    /// records it as dropped; handlers rarely replace it.
    func spanDrop(_ drop: SpanDrop) throws

    /// The ids of the spans still open, which ``Dispatcher/shutdown()`` drops.
    var openSpanIDs: [String] { get }

    /// Enters a span of the scoped span API and returns the token to exit it with. The default
    /// makes it with ``newSpan(_:)`` and records it as open; handlers rarely replace it.
    func spanEnter(scoped entry: SpanEntry) throws -> OpenSpanToken?

    /// Exits a span entered with ``spanEnter(scoped:)``. The default finishes it with
    /// ``prepareToExitSpan(_:exit:)`` and records it as completed.
    func spanExit(scoped token: OpenSpanToken, _ exit: SpanExit) throws

    /// Drops a span entered with ``spanEnter(scoped:)``. The default finishes it with
    /// ``prepareToDropSpan(_:drop:)`` and records it as dropped.
    func spanDrop(scoped token: OpenSpanToken, _ drop: SpanDrop) throws
}

extension SpanHandler {
    /// Returns an empty context.
    public func capturePropagationContext() throws -> [String: JSONValue] { [:] }

    /// Does nothing.
    public func restorePropagationContext(_ context: [String: JSONValue]) throws {}

    /// Does nothing.
    public func close() throws {}

    /// The type's name.
    public var name: String { String(describing: Self.self) }

    /// `true`: the handler gets the bound arguments.
    public var receivesBoundArguments: Bool { true }

    /// `true`: the handler gets the results.
    public var receivesResults: Bool { true }

    /// The spans entered and not yet ended, by id.
    public var openSpans: [String: SpanType] { spanStore.openSpans }

    /// The ids of the spans still open.
    public var openSpanIDs: [String] { Array(spanStore.openSpans.keys) }

    /// Makes the span with ``newSpan(_:)`` and records it as open.
    public func spanEnter(scoped entry: SpanEntry) throws -> OpenSpanToken? {
        guard let span = try newSpan(entry) else { return nil }
        return spanStore.openScoped(span)
    }

    /// Finishes the span with ``prepareToExitSpan(_:exit:)`` and records it as completed, if it is
    /// still open.
    public func spanExit(scoped token: OpenSpanToken, _ exit: SpanExit) throws {
        guard let open = spanStore.takeOpenSpan(token) else { return }
        // `consume`: the hook gets the only reference, so a copy-on-write span is not copied.
        if let finished = try prepareToExitSpan(consume open, exit: exit) {
            spanStore.finish(finished, dropped: false)
        }
    }

    /// Finishes the span with ``prepareToDropSpan(_:drop:)`` and records it as dropped, if it is
    /// still open.
    public func spanDrop(scoped token: OpenSpanToken, _ drop: SpanDrop) throws {
        guard let open = spanStore.takeOpenSpan(token) else { return }
        if let finished = try prepareToDropSpan(consume open, drop: drop) {
            spanStore.finish(finished, dropped: true)
        }
    }

    /// The kept spans that ended normally, oldest first.
    public var completedSpans: [SpanType] { spanStore.completedSpans }

    /// The kept spans that ended with an error, oldest first.
    public var droppedSpans: [SpanType] { spanStore.droppedSpans }

    /// Enters a span: makes it with ``newSpan(_:)`` and records it as open. Does nothing if a
    /// span with this id is already open.
    public func spanEnter(_ entry: SpanEntry) throws {
        guard !spanStore.isOpen(id: entry.id), let span = try newSpan(entry) else { return }
        spanStore.open(span)
    }

    /// Exits a span: finishes it with ``prepareToExitSpan(_:exit:)`` and records it as completed.
    /// Does nothing if no span with this id is open.
    public func spanExit(_ exit: SpanExit) throws {
        guard let open = spanStore.takeOpenSpan(id: exit.id) else { return }
        if let finished = try prepareToExitSpan(consume open, exit: exit) {
            spanStore.finish(finished, dropped: false)
        }
    }

    /// Drops a span: finishes it with ``prepareToDropSpan(_:drop:)`` and records it as dropped.
    /// Does nothing if no span with this id is open.
    public func spanDrop(_ drop: SpanDrop) throws {
        guard let open = spanStore.takeOpenSpan(id: drop.id) else { return }
        if let finished = try prepareToDropSpan(consume open, drop: drop) {
            spanStore.finish(finished, dropped: true)
        }
    }
}

/// What instrumentation knows about "where we are": the active span and the active tags.
///
/// The current context lives in a task-local value, so child tasks (`async let`, task groups,
/// `Task { }`) inherit it and concurrent tasks never see each other's spans. Threads, dispatch
/// queues and detached tasks start without it; carry it across with ``bind(_:)-4he79`` or
/// ``run(_:)``:
///
/// ```swift
/// let work = ActiveSpanContext.current.bind {
///     dispatcher.span("index") { index(document) }
/// }
/// Thread(block: work).start()
/// DispatchQueue.global().async(execute: work)
/// Task.detached(operation: ActiveSpanContext.current.bind { await refresh() })
/// ```
public struct ActiveSpanContext: Sendable, Hashable {
    /// The id of the active span, or `nil` outside any span (an empty id counts as none).
    public var spanID: String? {
        get { activeSpanID.optionalText }
        set { activeSpanID = SpanID(optionalText: newValue) }
    }
    /// The active tags, attached to every event and span made in this context.
    public var tags: [String: JSONValue]
    /// The active span's id, empty outside any span; formatted as text only when read. Stored
    /// without an `Optional` around it: the context is copied into a task-local value on every
    /// span, and copying an optional goes through the generic `Optional` value witness.
    @usableFromInline var activeSpanID: SpanID

    /// Creates a context.
    /// - Parameters:
    ///   - spanID: the active span id.
    ///   - tags: the active tags.
    public init(spanID: String? = nil, tags: [String: JSONValue] = [:]) {
        self.activeSpanID = SpanID(optionalText: spanID)
        self.tags = tags
    }

    /// Creates the context of a span, with its id and the tags it was entered with.
    init(activeSpanID: SpanID, tags: [String: JSONValue]) {
        self.activeSpanID = activeSpanID
        self.tags = tags
    }

    /// The context of the running task or thread.
    @TaskLocal public static var current = ActiveSpanContext()

    /// The id of the active span of the running task or thread, or `nil` outside any span.
    public static var activeSpanID: String? { current.spanID }

    /// The active tags of the running task or thread.
    public static var activeTags: [String: JSONValue] { current.tags }

    /// Runs `body` with this context as the current one, then restores the previous one.
    @inlinable
    public func run<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = ActiveSpanContext.$current.withValue(self) {
            do throws(Failure) {
                return .success(try body())
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Runs the asynchronous `body` with this context as the current one, then restores the
    /// previous one. Runs on the caller's actor.
    @inlinable
    public func run<Result, Failure: Error>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws(Failure) -> Result
    ) async throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = await ActiveSpanContext.$current.withValue(self) {
            do throws(Failure) {
                return .success(try await body())
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Wraps `body` so that, wherever and whenever it runs (a `Thread`, a `DispatchQueue`, a
    /// callback), it runs in this context. This is the explicit hand-off for code that does not
    /// inherit task-local values.
    public func bind<Result>(_ body: @escaping @Sendable () -> Result) -> @Sendable () -> Result {
        { self.run(body) }
    }

    /// Wraps the asynchronous `body` so that it runs in this context, for `Task.detached` and other
    /// places that do not inherit task-local values.
    public func bind<Result>(
        _ body: @escaping @Sendable () async throws -> Result
    ) -> @Sendable () async throws -> Result {
        { try await self.run { () async throws -> Result in try await body() } }
    }

    /// Wraps the asynchronous, non-throwing `body` so that it runs in this context.
    public func bind<Result>(
        _ body: @escaping @Sendable () async -> Result
    ) -> @Sendable () async -> Result {
        { await self.run { () async -> Result in await body() } }
    }
}

import Foundation

extension Dispatcher {
    /// Runs `body` as a span: the Swift form of the reference's `@dispatcher.span` decorator.
    ///
    /// The span's id is `"<Type>.<name>-<unique>"` when `instance` is given (its runtime type, so
    /// a subclass instance gives the subclass's name) and `"<name>-<unique>"` otherwise; its parent
    /// is the active span; inside `body` it is the active span. On return the handlers get the
    /// result; on a throw a ``SpanDropEvent`` is emitted, the handlers drop the span, and the error
    /// is rethrown unchanged.
    ///
    /// ```swift
    /// func retrieve(_ query: String) throws -> [Document] {
    ///     try dispatcher.span("retrieve", instance: self, arguments: ["query": query]) {
    ///         try index.search(query)
    ///     }
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - name: the method or function name; by default the calling function's, without its
    ///     argument labels.
    ///   - instance: the instance whose method this is, if any, or its type (`type(of: self)`,
    ///     which is cheaper for a large struct).
    ///   - arguments: the call's arguments, evaluated only when a span handler listens.
    ///   - body: the work the span covers.
    @inlinable
    public func span<Result: Sendable, Failure: Error>(
        _ name: String = #function,
        instance: Any? = nil,
        arguments: @autoclosure () -> BoundArguments = [:],
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        guard tracksSpans else { return try body() }
        let span = ScopedSpan(
            dispatcher: self,
            name: name,
            instance: instance,
            arguments: arguments
        )
        do throws(Failure) {
            let result = try span.context.run(body)
            span.exit(result: Result.self == Void.self ? nil : result)
            return result
        } catch {
            span.drop(error)
            throw error
        }
    }

    /// Runs `body` as a span; for results that are not `Sendable`, the handlers get the result's
    /// text (`String(describing:)`). Otherwise the same as the `Sendable` form.
    @inlinable
    public func span<Result, Failure: Error>(
        _ name: String = #function,
        instance: Any? = nil,
        arguments: @autoclosure () -> BoundArguments = [:],
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        guard tracksSpans else { return try body() }
        let span = ScopedSpan(
            dispatcher: self,
            name: name,
            instance: instance,
            arguments: arguments
        )
        do throws(Failure) {
            let result = try span.context.run(body)
            span.exit(result: String(describing: result))
            return result
        } catch {
            span.drop(error)
            throw error
        }
    }

    /// Runs the asynchronous `body` as a span, on the caller's actor. Child tasks of `body`
    /// inherit the span as their parent. Otherwise the same as the synchronous form.
    @inlinable
    public func span<Result: Sendable, Failure: Error>(
        _ name: String = #function,
        instance: Any? = nil,
        arguments: @autoclosure () -> BoundArguments = [:],
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws(Failure) -> Result
    ) async throws(Failure) -> Result {
        guard tracksSpans else { return try await body() }
        let span = ScopedSpan(
            dispatcher: self,
            name: name,
            instance: instance,
            arguments: arguments
        )
        do throws(Failure) {
            let result = try await span.context.run(body)
            span.exit(result: Result.self == Void.self ? nil : result)
            return result
        } catch {
            span.drop(error)
            throw error
        }
    }

    /// Runs the asynchronous `body` as a span; for results that are not `Sendable`, the handlers
    /// get the result's text. Otherwise the same as the `Sendable` form.
    @inlinable
    public func span<Result, Failure: Error>(
        _ name: String = #function,
        instance: Any? = nil,
        arguments: @autoclosure () -> BoundArguments = [:],
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws(Failure) -> Result
    ) async throws(Failure) -> Result {
        guard tracksSpans else { return try await body() }
        let span = ScopedSpan(
            dispatcher: self,
            name: name,
            instance: instance,
            arguments: arguments
        )
        do throws(Failure) {
            let result = try await span.context.run(body)
            span.exit(result: String(describing: result))
            return result
        } catch {
            span.drop(error)
            throw error
        }
    }

    /// Makes a span id: `"<Type>.<name>-<unique>"` for a method of `instance`, `"<name>-<unique>"`
    /// otherwise. Argument labels in `name` (`"retrieve(query:)"`) are left out.
    public static func makeSpanID(_ name: String, instance: Any? = nil) -> String {
        makeSpanID(name, typeName: instance.map(typeName(of:)))
    }

    /// Enters a span by hand. Most code uses ``span(_:instance:arguments:_:)-(_,_,_,()->Result)``
    /// instead, which also makes the span active for the work inside it.
    /// - Parameters:
    ///   - id: the span's id, for example from ``makeSpanID(_:instance:)``.
    ///   - boundArguments: the arguments of the call the span covers.
    ///   - instance: the instance whose method the span covers, if any.
    ///   - parentID: the enclosing span; by default the active span.
    ///   - tags: the span's tags; by default the active tags.
    public func spanEnter(
        id: String,
        boundArguments: BoundArguments = [:],
        instance: Any? = nil,
        parentID: String? = ActiveSpanContext.activeSpanID,
        tags: [String: JSONValue] = ActiveSpanContext.activeTags
    ) {
        let chain = currentChain
        guard !chain.spanHandlers.isEmpty else { return }
        let entry = SpanEntry(
            spanID: SpanID(text: id),
            name: SpanName.name(ofID: id),
            boundArguments: chain.redaction.apply(to: boundArguments),
            storedTypeName: instance.map(Self.typeName(of:)) ?? "",
            parentSpanID: SpanID(optionalText: parentID),
            tags: tags,
            clock: clock
        )
        enter(entry, chain: chain)
    }

    /// Exits a span entered by hand, handing its result (and facts worth recording on it) to the
    /// span handlers.
    public func spanExit(
        id: String,
        boundArguments: BoundArguments = [:],
        instance: Any? = nil,
        result: (any Sendable)? = nil,
        facts: [String: JSONValue] = [:]
    ) {
        let chain = currentChain
        guard !chain.spanHandlers.isEmpty else { return }
        var exit = SpanExit(
            spanID: SpanID(text: id),
            boundArguments: chain.redaction.apply(to: boundArguments),
            storedTypeName: instance.map(Self.typeName(of:)) ?? "",
            clock: clock
        )
        exit.result = result
        exit.facts = facts
        let depth = HandlerCallDepth.beginAlways()
        defer { HandlerCallDepth.end(depth) }
        for registration in chain.spanHandlers {
            registration.exit(exit, key: nil, on: self)
        }
    }

    /// Drops a span entered by hand: it ended with `error`. Unlike the scoped form, it emits no
    /// ``SpanDropEvent``; emit one with ``event(_:)`` if wanted.
    public func spanDrop(
        id: String,
        boundArguments: BoundArguments = [:],
        instance: Any? = nil,
        error: any Error
    ) {
        let chain = currentChain
        guard !chain.spanHandlers.isEmpty else { return }
        let drop = SpanDrop(
            spanID: SpanID(text: id),
            boundArguments: chain.redaction.apply(to: boundArguments),
            storedTypeName: instance.map(Self.typeName(of:)) ?? "",
            error: error,
            clock: clock
        )
        let depth = HandlerCallDepth.beginAlways()
        defer { HandlerCallDepth.end(depth) }
        for registration in chain.spanHandlers {
            registration.drop(drop, key: nil, on: self)
        }
    }

    // MARK: Internals

    /// Enters a span by its id in every span handler of `chain`.
    func enter(_ entry: SpanEntry, chain: HandlerChain) {
        guard let depth = HandlerCallDepth.begin() else { return refuseReentrant(entry.id) }
        defer { HandlerCallDepth.end(depth) }
        for registration in chain.spanHandlers {
            _ = registration.enter(entry, byID: true, on: self)
        }
    }

    @usableFromInline
    static func typeName(of instance: Any) -> String {
        SpanIDFormatter.typeName(of: instance)
    }

    static func makeSpanID(_ name: String, typeName: String?) -> String {
        SpanIDFormatter.makeID(name: name, typeName: typeName)
    }
}

/// One call of the scoped span API between entry and exit: the span's id, the chain it was
/// entered on, the keys of the spans its handlers opened, and the context its body runs in. Its
/// initialiser enters the span; ``exit(result:)`` or ``drop(_:)`` ends it. Not inlinable itself,
/// so that the inlinable scoped API stays small.
@usableFromInline
struct ScopedSpan: ~Copyable {
    /// Unretained: a scoped span lives only inside its dispatcher's `span` call.
    private let dispatcher: Dispatcher
    /// Holds the handlers' registrations alive while the span is open, whatever the dispatcher's
    /// chain is by then.
    private let chain: HandlerChain
    /// The span's id: the context's active span.
    private var id: SpanID { context.activeSpanID }
    private let boundArguments: BoundArguments
    private let storedTypeName: String
    /// When the span started, by the wall clock and the monotonic clock: every handler's span
    /// is measured from it.
    private let startTime: Date
    private let startInstant: UInt64
    /// The key of the span the first span handler opened (`-1` for none), kept apart from the
    /// others so that the usual single handler needs no array.
    private let firstKey: Int
    /// The keys of the spans the other span handlers opened, in chain order; empty for one.
    private let otherKeys: [Int]
    /// The context for the body: the caller's with this span active.
    @usableFromInline let context: ActiveSpanContext

    @usableFromInline
    init(dispatcher: Dispatcher, name: borrowing String, instance: borrowing Any?, arguments: () -> BoundArguments) {
        // The chain is read once, into `self.chain`, and used from there: a local copy costs a
        // reference count.
        self.chain = dispatcher.currentChain
        let boundArguments =
            self.chain.spanHandlersReadArguments ? self.chain.redaction.apply(to: arguments()) : BoundArguments()
        self.dispatcher = dispatcher
        self.boundArguments = boundArguments
        let outer = ActiveSpanContext.current
        let type = instance.map(SpanIDFormatter.type(of:))
        let id = SpanIDFormatter.makeSpanID(name: name, type: type)
        let storedTypeName = type != nil && !id.hasCachedName ? SpanIDFormatter.name(of: type!) : ""
        self.storedTypeName = storedTypeName
        self.context = ActiveSpanContext(activeSpanID: id, tags: outer.tags)
        guard self.chain.firstSpanHandler != nil else {
            self.startTime = Date(timeIntervalSinceReferenceDate: 0)
            self.startInstant = 0
            self.firstKey = -1
            self.otherKeys = []
            return
        }
        let entry = SpanEntry(
            spanID: id,
            name: id.prefix,
            boundArguments: boundArguments,
            storedTypeName: storedTypeName,
            parentSpanID: outer.activeSpanID,
            tags: outer.tags,
            clock: dispatcher.clock
        )
        self.startTime = entry.startTime
        self.startInstant = entry.startInstant
        guard let depth = HandlerCallDepth.begin() else {
            // Nested too deep inside handlers: the span is not entered, so it is not exited.
            dispatcher.refuseReentrant(id.text)
            self.firstKey = -1
            self.otherKeys = []
            return
        }
        defer { HandlerCallDepth.end(depth) }
        self.firstKey = self.chain.enterInFirstSpanHandler(entry, on: dispatcher) ?? -1
        self.otherKeys = self.chain.spanHandlers.count == 1
            ? [] : self.chain.spanHandlers.dropFirst().map { $0.enter(entry, byID: false, on: dispatcher) ?? -1 }
    }

    /// Ends the span normally; `result` is evaluated only when a span handler reads results.
    /// Each handler that opened the span ends it, whatever the handler-call depth, so that no
    /// span is left open.
    @usableFromInline
    consuming func exit(result: @autoclosure () -> (any Sendable)?) {
        guard firstKey >= 0 || !otherKeys.isEmpty else { return }
        var exit = SpanExit(
            spanID: id,
            boundArguments: boundArguments,
            storedTypeName: storedTypeName,
            startTime: startTime,
            startInstant: startInstant,
            clock: dispatcher.clock
        )
        if chain.spanHandlersReadResults {
            exit.result = result()
        }
        let depth = HandlerCallDepth.beginAlways()
        defer { HandlerCallDepth.end(depth) }
        if firstKey >= 0 { chain.exitInFirstSpanHandler(exit, key: firstKey, on: dispatcher) }
        for (index, key) in otherKeys.enumerated() where key >= 0 {
            chain.spanHandlers[index + 1].exit(exit, key: key, on: dispatcher)
        }
    }

    /// Drops the span: emits a ``SpanDropEvent`` and ends the span with `error` in each handler
    /// that opened it, as ``exit(result:)`` does.
    @usableFromInline
    consuming func drop(_ error: any Error) {
        if chain.hasEventHandlers {
            dispatcher.deliver(SpanDropEvent(droppedSpanID: id, error: error), to: chain)
        }
        guard firstKey >= 0 || !otherKeys.isEmpty else { return }
        var drop = SpanDrop(
            spanID: id,
            boundArguments: boundArguments,
            storedTypeName: storedTypeName,
            error: error,
            clock: dispatcher.clock
        )
        drop.setTiming(startTime: startTime, startInstant: startInstant)
        let depth = HandlerCallDepth.beginAlways()
        defer { HandlerCallDepth.end(depth) }
        if firstKey >= 0 { chain.firstSpanHandler?.drop(drop, key: firstKey, on: dispatcher) }
        for (index, key) in otherKeys.enumerated() where key >= 0 {
            chain.spanHandlers[index + 1].drop(drop, key: key, on: dispatcher)
        }
    }
}

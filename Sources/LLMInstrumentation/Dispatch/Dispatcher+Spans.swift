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
        parentID: String? = InstrumentationContext.activeSpanID,
        tags: [String: JSONValue] = InstrumentationContext.activeTags
    ) {
        let chain = currentChain
        let entry = SpanEntry(
            id: id,
            boundArguments: chain.redaction.apply(to: boundArguments),
            instanceTypeName: instance.map(Self.typeName(of:)),
            parentID: parentID,
            tags: tags
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
        let exit = SpanExit(
            id: id,
            boundArguments: chain.redaction.apply(to: boundArguments),
            instanceTypeName: instance.map(Self.typeName(of:)),
            result: result,
            facts: facts
        )
        self.exit(exit, chain: chain)
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
        let drop = SpanDrop(
            id: id,
            boundArguments: chain.redaction.apply(to: boundArguments),
            instanceTypeName: instance.map(Self.typeName(of:)),
            error: error
        )
        self.drop(drop, chain: chain)
    }

    // MARK: Internals

    func enter(_ entry: SpanEntry, chain: HandlerChain) {
        let entered: Void? = HandlerCallDepth.ifAllowed {
            callSpanHandlers(of: chain, during: "spanEnter") { try $0.spanEnter(entry) }
        }
        if entered == nil { refuseReentrant(entry.id) }
    }

    func exit(_ exit: SpanExit, chain: HandlerChain) {
        HandlerCallDepth.always {
            callSpanHandlers(of: chain, during: "spanExit") { try $0.spanExit(exit) }
        }
    }

    func drop(_ drop: SpanDrop, chain: HandlerChain) {
        HandlerCallDepth.always {
            callSpanHandlers(of: chain, during: "spanDrop") { try $0.spanDrop(drop) }
        }
    }

    /// Calls `body` with each span handler of `chain`, counting and reporting its errors.
    private func callSpanHandlers(
        of chain: HandlerChain,
        during operation: String,
        _ body: (any SpanHandler) throws -> Void
    ) {
        for registration in chain.spanHandlers {
            do {
                try body(registration.handler)
            } catch {
                recordFailure(of: registration, error, during: operation)
            }
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
/// entered on, the tokens of the handlers that opened it, and the context its body runs in. Its
/// initialiser enters the span; ``exit(result:)`` or ``drop(_:)`` ends it. Not inlinable itself,
/// so that the inlinable scoped API stays small.
///
/// It counts one reference, the chain's, from entry to exit. The dispatcher (which the caller
/// holds for the whole call) and the handler registrations (which the chain holds) are reached
/// unretained: every count of a shared object is an atomic operation, and counting them cost more
/// than half of a span's atomic operations.
@usableFromInline
struct ScopedSpan: ~Copyable {
    private let dispatcher: Unmanaged<Dispatcher>
    /// Holds the handlers' registrations alive while the span is open, whatever the dispatcher's
    /// chain is by then.
    private let chain: HandlerChain
    // No field is an `Optional` of a reference: copying and destroying those goes through the
    // generic `Optional` value witness, which costs more than everything else here.
    /// The span's id: the context's active span (kept once, not twice: every copy counts).
    private var id: SpanID { context.activeSpanID }
    /// The span's exit, made at entry (its id, arguments and type name) and given its result on
    /// exit: handed to the handlers in place, so ending a span copies none of its fields.
    private var exitRecord: SpanExit
    /// The token of the first span handler, kept inline: most chains have one.
    private let firstToken: OpenSpanToken
    /// The tokens of the other span handlers, in chain order; empty (no allocation) for one.
    private let otherTokens: [OpenSpanToken]
    /// The context for the body: the caller's with this span active.
    @usableFromInline let context: InstrumentationContext

    @usableFromInline
    // `borrowing`: an initialiser takes its arguments owned, which would copy `instance` and
    // `name` on every span (an `Optional<Any>` copy goes through the generic value witness) and
    // count the dispatcher.
    init(dispatcher: borrowing Dispatcher, name: borrowing String, instance: borrowing Any?, arguments: () -> BoundArguments) {
        let dispatcher = Unmanaged.passUnretained(dispatcher)
        let chain = dispatcher._withUnsafeGuaranteedRef { $0.currentChain }
        // Read before the chain moves into `self`, so that it is not counted again.
        let handlers = chain.unretainedSpanHandlers
        let boundArguments = handlers.isEmpty ? BoundArguments() : chain.boundArguments(arguments)
        self.dispatcher = dispatcher
        self.chain = consume chain
        let outer = InstrumentationContext.current
        let type = instance != nil ? SpanIDFormatter.type(of: (copy instance)!) : nil
        let id = SpanIDFormatter.makeSpanID(name: name, type: type)
        let storedTypeName = type != nil && !id.hasCachedName ? SpanIDFormatter.name(of: type!) : ""
        self.context = InstrumentationContext(activeSpanID: id, tags: outer.tags)
        self.exitRecord = SpanExit(spanID: id, boundArguments: boundArguments, storedTypeName: storedTypeName)
        guard !handlers.isEmpty else {
            self.firstToken = .none
            self.otherTokens = []
            return
        }
        let entry = SpanEntry(
            spanID: id,
            boundArguments: boundArguments,
            storedTypeName: storedTypeName,
            parentSpanID: outer.activeSpanID,
            tags: outer.tags
        )
        let tokens = HandlerCallDepth.ifAllowed { () -> (OpenSpanToken, [OpenSpanToken]) in
            let first = Self.enter(entry, with: handlers[0], on: dispatcher)
            guard handlers.count > 1 else { return (first, []) }
            return (first, handlers.dropFirst().map { Self.enter(entry, with: $0, on: dispatcher) })
        }
        if let tokens {
            (self.firstToken, self.otherTokens) = tokens
        } else {
            // Nested too deep inside handlers: the span is not entered, so it is not exited.
            dispatcher._withUnsafeGuaranteedRef { $0.refuseReentrant(id.text) }
            self.firstToken = .none
            self.otherTokens = []
        }
    }

    /// Enters the span in one handler, reporting its failure; ``OpenSpanToken/none`` when the
    /// handler opened no span.
    private static func enter(
        _ entry: SpanEntry,
        with registration: Unmanaged<HandlerRegistration<any SpanHandler>>,
        on dispatcher: Unmanaged<Dispatcher>
    ) -> OpenSpanToken {
        registration._withUnsafeGuaranteedRef { registration in
            do {
                return try registration.handler.spanEnter(scoped: entry) ?? .none
            } catch {
                dispatcher._withUnsafeGuaranteedRef { $0.recordFailure(of: registration, error, during: "spanEnter") }
                return .none
            }
        }
    }

    /// Ends the span in each handler that opened it (whatever the handler-call depth, so that no
    /// span is left open), counting and reporting each handler's failure during `operation`.
    @inline(__always)
    private func endInHandlers(during operation: String, _ end: (any SpanHandler, OpenSpanToken) throws -> Void) {
        let handlers = chain.unretainedSpanHandlers
        let dispatcher = self.dispatcher
        func endIn(_ registration: Unmanaged<HandlerRegistration<any SpanHandler>>, _ token: OpenSpanToken) {
            registration._withUnsafeGuaranteedRef { registration in
                do {
                    try end(registration.handler, token)
                } catch {
                    dispatcher._withUnsafeGuaranteedRef { $0.recordFailure(of: registration, error, during: operation) }
                }
            }
        }
        HandlerCallDepth.always {
            if !firstToken.isNone { endIn(handlers[0], firstToken) }
            guard !otherTokens.isEmpty else { return }
            for (index, token) in otherTokens.enumerated() where !token.isNone {
                endIn(handlers[index + 1], token)
            }
        }
    }

    /// Ends the span normally; `result` is evaluated only when a span handler reads results.
    @usableFromInline
    consuming func exit(result: @autoclosure () -> (any Sendable)?) {
        guard !chain.unretainedSpanHandlers.isEmpty else { return }
        if chain.spanHandlersReceiveResults {
            exitRecord.result = result()
        }
        endInHandlers(during: "spanExit") { try $0.spanExit(scoped: $1, exitRecord) }
    }

    @usableFromInline
    consuming func drop(_ error: any Error) {
        if chain.hasEventHandlers {
            let id = self.id
            dispatcher._withUnsafeGuaranteedRef { $0.deliver(SpanDropEvent(droppedSpanID: id, error: error), to: chain) }
        }
        guard !chain.unretainedSpanHandlers.isEmpty else { return }
        let drop = SpanDrop(
            spanID: id,
            boundArguments: exitRecord.boundArguments,
            storedTypeName: exitRecord.storedTypeName,
            error: error
        )
        endInHandlers(during: "spanDrop") { try $0.spanDrop(scoped: $1, drop) }
    }
}

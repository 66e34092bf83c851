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
        try spanned(name, instance: instance, arguments: arguments, body) { Result.self == Void.self ? nil : $0 }
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
        try spanned(name, instance: instance, arguments: arguments, body) { String(describing: $0) }
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
        try await spanned(name, instance: instance, arguments: arguments, isolation: isolation, body) {
            Result.self == Void.self ? nil : $0
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
        try await spanned(name, instance: instance, arguments: arguments, isolation: isolation, body) {
            String(describing: $0)
        }
    }

    /// Makes a span id: `"<Type>.<name>-<unique>"` for a method of `instance`, `"<name>-<unique>"`
    /// otherwise. Argument labels in `name` (`"retrieve(query:)"`) are left out.
    public static func makeSpanID(_ name: String, instance: Any? = nil) -> String {
        makeSpanID(name, typeName: instance.map(typeName(of:)))
    }

    /// Enters a span by hand. Most code uses ``span(_:instance:arguments:_:)-2p1f0``
    /// instead, which also makes the span active for the work inside it.
    ///
    /// When nobody listens it costs a branch: the arguments, the parent and the tags are
    /// evaluated only when a span handler is on the chain, the arguments only when one reads them.
    /// Refused and counted after ``shutdown()``.
    /// - Parameters:
    ///   - id: the span's id, for example from ``makeSpanID(_:instance:)``.
    ///   - boundArguments: the arguments of the call the span covers.
    ///   - instance: the instance whose method the span covers, if any.
    ///   - parentID: the enclosing span; by default the active span.
    ///   - tags: the span's tags; by default the active tags.
    public func spanEnter(
        id: String,
        boundArguments: @autoclosure () -> BoundArguments = [:],
        instance: Any? = nil,
        parentID: @autoclosure () -> String? = ActiveSpanContext.activeSpanID,
        tags: @autoclosure () -> [String: JSONValue] = ActiveSpanContext.activeTags
    ) {
        guard tracksSpans else { return }
        enterByID(id) { chain in
            SpanEntry(
                spanID: SpanID(text: id),
                name: SpanName.name(ofID: id),
                boundArguments: chain.boundArguments(boundArguments),
                storedTypeName: instance.map(Self.typeName(of:)) ?? "",
                parentSpanID: SpanID(optionalText: parentID()),
                tags: chain.tags(tags()),
                clock: clock
            )
        }
    }

    /// Exits a span entered by hand, handing its result (and facts worth recording on it) to the
    /// span handlers. The arguments and the result are evaluated only when a span handler reads
    /// them. Refused and counted after ``shutdown()``.
    public func spanExit(
        id: String,
        boundArguments: @autoclosure () -> BoundArguments = [:],
        instance: Any? = nil,
        result: @autoclosure () -> (any Sendable)? = nil,
        facts: [String: JSONValue] = [:]
    ) {
        guard tracksSpans else { return }
        endByID { chain in
            var exit = SpanExit(
                spanID: SpanID(text: id),
                boundArguments: chain.boundArguments(boundArguments),
                storedTypeName: instance.map(Self.typeName(of:)) ?? "",
                clock: clock
            )
            exit.result = chain.result(result)
            exit.facts = facts
            for registration in chain.spanHandlers {
                registration.exit(exit, key: nil, on: self)
            }
        }
    }

    /// Drops a span entered by hand: it ended with `error`. Unlike the scoped form, it emits no
    /// ``SpanDropEvent``; emit one with ``event(_:)`` if wanted. The arguments are evaluated only
    /// when a span handler reads them. Refused and counted after ``shutdown()``.
    public func spanDrop(
        id: String,
        boundArguments: @autoclosure () -> BoundArguments = [:],
        instance: Any? = nil,
        error: any Error
    ) {
        guard tracksSpans else { return }
        endByID { chain in
            let drop = SpanDrop(
                spanID: SpanID(text: id),
                boundArguments: chain.boundArguments(boundArguments),
                storedTypeName: instance.map(Self.typeName(of:)) ?? "",
                error: error,
                clock: clock
            )
            for registration in chain.spanHandlers {
                registration.drop(drop, key: nil, on: self)
            }
        }
    }

    // MARK: Internals

    /// The body of the synchronous `span` forms: `recordedResult` turns the result into what the
    /// handlers get.
    @inlinable
    func spanned<Result, Failure: Error>(
        _ name: String,
        instance: Any?,
        arguments: () -> BoundArguments,
        _ body: () throws(Failure) -> Result,
        recordedResult: (Result) -> (any Sendable)?
    ) throws(Failure) -> Result {
        guard tracksSpans else { return try body() }
        let span = ScopedSpan(dispatcher: self, name: name, instance: instance, arguments: arguments)
        do throws(Failure) {
            let result = try span.context.run(body)
            span.exit(result: recordedResult(result))
            return result
        } catch {
            span.drop(error)
            throw error
        }
    }

    /// The body of the asynchronous `span` forms, as ``spanned(_:instance:arguments:_:recordedResult:)``.
    @inlinable
    func spanned<Result, Failure: Error>(
        _ name: String,
        instance: Any?,
        arguments: () -> BoundArguments,
        isolation: isolated (any Actor)?,
        _ body: () async throws(Failure) -> Result,
        recordedResult: (Result) -> (any Sendable)?
    ) async throws(Failure) -> Result {
        guard tracksSpans else { return try await body() }
        let span = ScopedSpan(dispatcher: self, name: name, instance: instance, arguments: arguments)
        do throws(Failure) {
            let result = try await span.context.run(body)
            span.exit(result: recordedResult(result))
            return result
        } catch {
            span.drop(error)
            throw error
        }
    }

    /// Enters a span by its id in every span handler of the current chain, read after the handler
    /// call began (so that a shutdown waits for it, see ``HandlerCallDepth``); `makeEntry` runs only
    /// when there is a span handler.
    func enterByID(_ id: String, _ makeEntry: (HandlerChain) -> SpanEntry) {
        guard let depth = HandlerCallDepth.begin() else { return refuseReentrant(id) }
        defer { HandlerCallDepth.end(depth) }
        let chain = currentChain
        guard !chain.spanHandlers.isEmpty else {
            if chain.refusesSpans { refuseAfterShutdown() }
            return
        }
        let entry = makeEntry(chain)
        for registration in chain.spanHandlers {
            _ = registration.enter(entry, byID: true, on: self)
        }
    }

    /// Ends a span entered by hand: runs `end` with the current chain, read after the handler call
    /// began, when it has a span handler. Exits and drops go through whatever the depth, so that no
    /// span is left open.
    private func endByID(_ end: (HandlerChain) -> Void) {
        let depth = HandlerCallDepth.beginAlways()
        defer { HandlerCallDepth.end(depth) }
        let chain = currentChain
        guard !chain.spanHandlers.isEmpty else {
            if chain.refusesSpans { refuseAfterShutdown() }
            return
        }
        end(chain)
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
    // The rest keep their initial values for a span no handler entered.
    private var boundArguments = BoundArguments()
    private var storedTypeName = ""
    /// When the span started, by the wall clock and the monotonic clock: every handler's span
    /// is measured from it.
    private var startTime = Date(timeIntervalSinceReferenceDate: 0)
    private var startInstant: UInt64 = 0
    /// The key of the span the first span handler opened (`-1` for none), kept apart from the
    /// others so that the usual single handler needs no array.
    private var firstKey = -1
    /// The keys of the spans the other span handlers opened, in chain order; empty for one.
    private var otherKeys: [Int] = []
    /// The context for the body: the caller's with this span active.
    @usableFromInline let context: ActiveSpanContext

    @usableFromInline
    init(dispatcher: Dispatcher, name: borrowing String, instance: borrowing Any?, arguments: () -> BoundArguments) {
        self.dispatcher = dispatcher
        let outer = ActiveSpanContext.current
        let type = instance.map(SpanIDFormatter.type(of:))
        let id = SpanIDFormatter.makeSpanID(name: name, type: type)
        self.context = ActiveSpanContext(activeSpanID: id, tags: outer.tags)
        // Begun before the chain is read, so that a shutdown waits for the entry (see
        // `HandlerCallDepth`).
        guard let depth = HandlerCallDepth.begin() else {
            // Nested too deep inside handlers: the span is not entered, so it is not exited.
            dispatcher.refuseReentrant(id.text)
            self.chain = .empty
            return
        }
        defer { HandlerCallDepth.end(depth) }
        // The chain is read once, into `self.chain`, and used from there: a local copy costs a
        // reference count.
        self.chain = dispatcher.currentChain
        guard self.chain.firstSpanHandler != nil else {
            if self.chain.refusesSpans {
                // A shutdown left nobody listening since the caller looked.
                dispatcher.refuseAfterShutdown()
            }
            return
        }
        let boundArguments = self.chain.boundArguments(arguments)
        self.boundArguments = boundArguments
        let storedTypeName = type != nil && !id.hasCachedName ? SpanIDFormatter.name(of: type!) : ""
        self.storedTypeName = storedTypeName
        let entry = SpanEntry(
            spanID: id,
            name: id.prefix,
            boundArguments: boundArguments,
            storedTypeName: storedTypeName,
            parentSpanID: outer.activeSpanID,
            tags: self.chain.tags(outer.tags),
            clock: dispatcher.clock
        )
        self.startTime = entry.startTime
        self.startInstant = entry.startInstant
        self.firstKey = self.chain.enterInFirstSpanHandler(entry, on: dispatcher) ?? -1
        self.otherKeys =
            self.chain.spanHandlers.count == 1
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
        exit.result = chain.result(result)
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
        // To the handlers listening now, like any event (and so waited for by a shutdown).
        dispatcher.event(SpanDropEvent(droppedSpanID: id, error: error))
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

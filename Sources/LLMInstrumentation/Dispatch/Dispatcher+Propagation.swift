extension Dispatcher {
    /// Captures what is needed to continue the current trace elsewhere: in another task, or in
    /// another process after a JSON round trip.
    ///
    /// Merges what every span handler on the chain contributes (a failing handler is reported and
    /// skipped), the active tags under `"instrument_tags"` and the active span id under
    /// `"active_span_id"`.
    public func capturePropagationContext() -> PropagationContext {
        var values: [String: JSONValue] = [:]
        // Begun before the chain is read, so that a shutdown waits for the hooks.
        let depth = HandlerCallDepth.beginAlways()
        for registration in currentChain.spanHandlers {
            values.merge(registration.capturePropagationContext(on: self)) { _, new in new }
        }
        HandlerCallDepth.end(depth)
        let context = ActiveSpanContext.current
        if !context.tags.isEmpty {
            values[PropagationContext.tagsKey] = .object(context.tags)
        }
        if let spanID = context.spanID {
            values[PropagationContext.spanIDKey] = .string(spanID)
        }
        return PropagationContext(values: values)
    }

    /// Hands a captured context to every span handler on the chain (a failing handler is reported
    /// and skipped) and returns the instrumentation context to run the continued work in: the
    /// captured tags and, as the parent of the next spans, the captured active span.
    ///
    /// Swift's task-local values can only be set for a scope, so run the continued work in the
    /// returned context, or use ``restorePropagationContext(_:_:)``.
    /// Members of the wrong type (tags that are not an object, a span id that is not a non-empty
    /// string) are ignored with a logged warning; a `null` member counts as absent. Members the
    /// core does not know (a bridge's `traceparent`) are the handlers' to check.
    public func restorePropagationContext(_ context: PropagationContext) -> ActiveSpanContext {
        let depth = HandlerCallDepth.beginAlways()
        for registration in currentChain.spanHandlers {
            registration.restorePropagationContext(context.values, on: self)
        }
        HandlerCallDepth.end(depth)
        var restored = ActiveSpanContext.current
        switch context.values[PropagationContext.tagsKey] {
        case nil, .null?: break
        case .object(let tags)?: restored.tags.merge(tags) { _, captured in captured }
        case let other?: reportMalformed(key: PropagationContext.tagsKey, expected: "an object", found: other)
        }
        switch context.values[PropagationContext.spanIDKey] {
        case nil, .null?: break
        case .string(let spanID)? where !spanID.isEmpty: restored.spanID = spanID
        case let other?:
            reportMalformed(key: PropagationContext.spanIDKey, expected: "a non-empty string", found: other)
        }
        return restored
    }

    /// Restores a captured context (see ``restorePropagationContext(_:)``) and runs `body` in it.
    public func restorePropagationContext<Result, Failure: Error>(
        _ context: PropagationContext,
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try restorePropagationContext(context).run(body)
    }

    /// Restores a captured context (see ``restorePropagationContext(_:)``) and runs the
    /// asynchronous `body` in it.
    public func restorePropagationContext<Result, Failure: Error>(
        _ context: PropagationContext,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws(Failure) -> Result
    ) async throws(Failure) -> Result {
        try await restorePropagationContext(context).run(body)
    }

    /// Drops every span still open in the span handlers on the chain with a
    /// ``DispatcherShutdownError`` ("dispatcher shutdown"), then closes each handler (an exporter
    /// writes everything it accepted first). Afterwards the dispatcher refuses events and spans,
    /// cheaply, counting them in ``DispatcherStatistics/refusedAfterShutdownCount``; so do
    /// descendants whose handlers were all reached through it, and the handlers it shut down are
    /// left out of every other dispatcher's chain too (other dispatchers that reached no other
    /// handler refuse and count as well). Calling it again does nothing. Handler errors are
    /// reported, never thrown.
    ///
    /// It holds while other threads and tasks emit: it first makes the dispatchers refuse, then
    /// waits for the handler calls and asynchronous deliveries already under way to return, and
    /// only then drops the open spans and closes the handlers. Every event and span is either
    /// delivered before a handler's `close()` or refused and counted, and after `close()` no hook
    /// of that handler runs. Do not call it from inside a handler that other threads' handler
    /// calls wait for. A handler may call it from inside its own hooks: the calls under way on its
    /// own thread (or, from an asynchronous `handle`, the asynchronous deliveries) are not waited
    /// for, and finish after the close.
    public func shutdown() {
        guard !isShutDown.exchange(true, ordering: .relaxed) else { return }
        let chain = currentChain
        registry.reconfigure(nil) {
            // The handlers are marked before the chains are rebuilt, which leaves them out.
            for registration in chain.eventHandlers {
                registration.isShutDown.store(true, ordering: .relaxed)
            }
            for registration in chain.spanHandlers {
                registration.startClosing()
            }
        }
        HandlerCallDepth.waitForCallsUnderWay()
        if HandlerCallDepth.asynchronousDepth == 0 {
            registry.asynchronousDeliveries.waitForDeliveriesUnderWay()
        }
        let end = clock.monotonicNanoseconds()
        for registration in chain.spanHandlers {
            registration.finishClosing(with: DispatcherShutdownError(), at: end, on: self)
        }
    }

    private func reportMalformed(key: String, expected: String, found: JSONValue) {
        registry.diagnosticLogger.warning(
            "Ignoring a malformed member of a propagation context",
            metadata: [
                "dispatcher": .string(name),
                "key": .string(key),
                "expected": .string(expected),
                "found": .string(String(found.jsonString().prefix(200))),
            ]
        )
    }
}

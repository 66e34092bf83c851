public import LLMInstrumentation
public import Logging
public import Tracing

extension Dispatcher {
    /// The header that carries the rest of a captured propagation context (the active span id,
    /// the tags, whatever handlers add that is not a header of its own) as JSON, every non-ASCII
    /// character escaped.
    public static let propagationContextHeader = "llm-instrumentation-context"

    /// Writes what is needed to continue the current trace into an outgoing request's headers
    /// (or any carrier an `Injector` writes to), so that the service it calls continues the
    /// trace with ``extractPropagationContext(from:using:logger:)``.
    ///
    /// It writes `capturePropagationContext()`: each of its string members that the span
    /// handlers contributed (a ``TracingBridge``'s W3C `traceparent` and `tracestate`, written by
    /// the tracer's `inject` from the active span) as a header of its own, which any
    /// OpenTelemetry-aware service reads, and the whole context as JSON in
    /// ``propagationContextHeader``. Nothing is written when there is nothing to continue.
    ///
    /// ```swift
    /// var request = HTTPClientRequest(url: "http://search.internal/query")
    /// // HeadersInjector: an `Injector` whose carrier is `HTTPHeaders`, in a few lines
    /// // (see `DictionaryInjector`)
    /// dispatcher.injectPropagationContext(into: &request.headers, using: HeadersInjector())
    /// ```
    public func injectPropagationContext<Inject: Injector>(
        into carrier: inout Inject.Carrier,
        using injector: Inject
    ) {
        let captured = capturePropagationContext()
        guard !captured.isEmpty else { return }
        for (key, value) in captured.values where !PropagationHeaders.coreKeys.contains(key) {
            if case .string(let text) = value, PropagationHeaders.isToken(key), PropagationHeaders.isFieldValue(text) {
                injector.inject(text, forKey: key, into: &carrier)
            }
        }
        injector.inject(
            PropagationHeaders.asciiJSON(captured.jsonString()),
            forKey: Self.propagationContextHeader,
            into: &carrier
        )
    }

    /// Reads the propagation context of an incoming request's headers (or any carrier an
    /// `Extractor` reads), to hand to `restorePropagationContext(_:)` so that the spans of the
    /// request continue the caller's trace:
    ///
    /// ```swift
    /// router.post("/answer") { request, context in
    ///     // HeadersExtractor: an `Extractor` whose carrier is `HTTPFields` (see `DictionaryExtractor`)
    ///     let propagated = dispatcher.extractPropagationContext(from: request.headers, using: HeadersExtractor())
    ///     return try await dispatcher.restorePropagationContext(propagated) {
    ///         try await pipeline.answer(request)
    ///     }
    /// }
    /// ```
    ///
    /// It reads the JSON of ``propagationContextHeader``, then the headers named by its string
    /// members, which win over their copies in the JSON (a proxy may have rewritten them), and
    /// the W3C `traceparent`, `tracestate` and `baggage` headers even without the JSON header,
    /// so that a call from any OpenTelemetry-instrumented client continues its trace: when there
    /// is a well-formed `traceparent` and no `active_span_id`, the remote span becomes the active
    /// span as `remote-<parent id>`. A malformed JSON header is ignored with a warning on
    /// `logger`.
    public func extractPropagationContext<Extract: Extractor>(
        from carrier: Extract.Carrier,
        using extractor: Extract,
        logger: Logger = Logger(label: "llm-instrumentation.tracing")
    ) -> PropagationContext {
        var values: [String: JSONValue] = [:]
        if let text = extractor.extract(key: Self.propagationContextHeader, from: carrier) {
            do {
                values = try PropagationContext(jsonString: text).values
            } catch {
                logger.warning(
                    "Ignoring a malformed propagation context header",
                    metadata: [
                        "header": .string(Self.propagationContextHeader), "error": .string(String(describing: error)),
                    ]
                )
            }
        }
        var keys = Set(PropagationHeaders.w3cHeaders)
        for (key, value) in values where !PropagationHeaders.coreKeys.contains(key) {
            if case .string = value { keys.insert(key) }
        }
        for key in keys {
            if let value = extractor.extract(key: key, from: carrier) {
                values[key] = .string(value)
            }
        }
        if values[PropagationContext.spanIDKey] == nil, let traceparent = values[TraceParent.headerName]?.stringValue,
            let parentID = TraceParent.parentID(of: traceparent)
        {
            values[PropagationContext.spanIDKey] = .string("remote-\(parentID)")
        }
        return PropagationContext(values: values)
    }
}

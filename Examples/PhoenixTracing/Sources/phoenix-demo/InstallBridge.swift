import LLMInstrumentation

/// Attaches the tracing bridge to `dispatcher`: from then on the spans of `dispatcher` and of
/// every dispatcher that propagates to it become swift-distributed-tracing spans of the tracer
/// bootstrapped by swift-otel, and ``Dispatcher/capturePropagationContext()`` carries the W3C
/// `traceparent`.
///
/// The one seam for the real bridge: when `LLMInstrumentationTracing` lands, add its product to
/// Package.swift, replace the body with `TracingBridge().install(on: dispatcher)` and delete
/// BridgeStandIn.swift.
func installBridge(on dispatcher: Dispatcher) {
    dispatcher.addSpanHandler(BridgeStandIn())
}

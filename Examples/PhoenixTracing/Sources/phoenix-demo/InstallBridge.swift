import LLMInstrumentation
import LLMInstrumentationTracing

/// Attaches the tracing bridge to `dispatcher`: from then on the spans and events of `dispatcher`
/// and of every dispatcher that propagates to it become swift-distributed-tracing spans of the
/// tracer bootstrapped by swift-otel, with OpenInference and GenAI attributes, and
/// ``Dispatcher/capturePropagationContext()`` carries the W3C `traceparent`.
func installBridge(on dispatcher: Dispatcher) {
    TracingBridge().install(on: dispatcher)
}

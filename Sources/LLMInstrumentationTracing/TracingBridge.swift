public import LLMInstrumentation
public import Logging
public import Tracing

/// Sends the instrumented program's spans and events to a swift-distributed-tracing `Tracer`,
/// and so to any OpenTelemetry backend through swift-otel: Arize Phoenix, Jaeger, Grafana Tempo,
/// Langfuse.
///
/// Spans become tracer spans, with the attributes OpenInference's LlamaIndex instrumentation sets
/// (which Phoenix reads: `openinference.span.kind`, `input.value`, `llm.input_messages.*`,
/// `retrieval.documents.*`, ...) and the OpenTelemetry GenAI ones beside them (`gen_ai.*`).
///
/// ```swift
/// // after bootstrapping the tracer, e.g. with swift-otel
/// let bridge = TracingBridge()
/// bridge.install(on: Dispatcher.root)
/// ```
///
/// The ``spanHandler`` and ``eventHandler`` share the bridge's state (its open spans, its
/// restored remote parents); install both on the same dispatcher, with ``install(on:)``.
public final class TracingBridge: Sendable {
    /// Makes and ends the tracer's spans; continues traces across processes.
    public let spanHandler: TracingSpanHandler
    /// Folds events into the tracer's spans.
    public let eventHandler: TracingEventHandler
    private let state: TracingState

    /// Creates a bridge.
    /// - Parameters:
    ///   - tracer: where spans go; by default the tracer bootstrapped in `InstrumentationSystem`
    ///     (read now, so create the bridge after bootstrapping).
    ///   - logger: where the bridge's diagnostics go (a malformed `traceparent`, a full table).
    ///   - configuration: the bridge's limits.
    public init(
        tracer: any Tracer = InstrumentationSystem.tracer,
        logger: Logger = Logger(label: "llm-instrumentation.tracing"),
        configuration: TracingConfiguration = TracingConfiguration()
    ) {
        let state = TracingState(tracer: tracer, logger: logger, configuration: configuration)
        self.state = state
        self.spanHandler = TracingSpanHandler(state: state)
        self.eventHandler = TracingEventHandler(state: state)
    }

    /// The tracer spans go to.
    public var tracer: any Tracer { state.tracer }

    /// The bridge's limits.
    public var configuration: TracingConfiguration { state.configuration }

    /// What the bridge has counted.
    public var statistics: TracingStatistics { state.statistics }

    /// Adds the span handler and the event handler to `dispatcher`, and returns their ids (to
    /// remove them with `Dispatcher.removeHandler(_:)`).
    @discardableResult
    public func install(on dispatcher: Dispatcher) -> [HandlerID] {
        [dispatcher.addSpanHandler(spanHandler), dispatcher.addEventHandler(eventHandler)]
    }
}

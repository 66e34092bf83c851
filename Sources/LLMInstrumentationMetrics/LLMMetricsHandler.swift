import Foundation
public import LLMInstrumentation
public import Metrics

/// Turns spans and LLM events into swift-metrics: calls, errors and duration per span name; prompt
/// and completion tokens and time to first token per model. Every dimension is low-cardinality (a
/// span name or a model name, never an id or free text).
///
/// Add it as both kinds of handler:
///
/// ```swift
/// let metrics = LLMMetricsHandler()
/// Dispatcher.root.addEventHandler(metrics)
/// Dispatcher.root.addSpanHandler(metrics)
/// ```
///
/// Metrics:
/// - `llm_span_calls_total` and `llm_span_errors_total` (counters), `llm_span_duration` (timer),
///   dimension `span`;
/// - `llm_tokens_total` (counter), dimensions `model` and `type` (`prompt` / `completion`);
/// - `llm_time_to_first_token` (timer, streamed calls), dimension `model`.
public final class LLMMetricsHandler: EventHandler, SpanHandler, SelectiveSpanHandler {
    /// A span as this handler tracks it while open.
    public struct MeasuredSpan: InstrumentationSpan {
        /// The span's id.
        public var id: String
        /// The enclosing span's id.
        public var parentID: String?
        /// The tags active at entry.
        public var tags: [String: JSONValue]
        /// The span's name, the `span` dimension.
        public var name: String
    }

    private let factory: any MetricsFactory
    /// The model each open LLM span calls, from its start event.
    private let modelBySpan = LockedValue<[String: String]>([:])

    /// Creates the handler, making its metrics with `factory` (by default the bootstrapped
    /// `MetricsSystem.factory`).
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// Span arguments are not measured, so they are not built for this handler.
    package var readsBoundArguments: Bool { false }

    /// Results are not measured either.
    package var readsResults: Bool { false }

    /// Notes each LLM call's model and counts its tokens.
    public func handle(_ event: some Event) {
        guard let spanID = event.spanID else { return }
        switch event {
        case let start as LLMChatStartEvent:
            remember(model: start.modelDict["model"]?.stringValue, for: spanID)
        case let start as LLMCompletionStartEvent:
            remember(model: start.modelDict["model"]?.stringValue, for: spanID)
        case let end as LLMChatEndEvent:
            countTokens(end.response?.tokenUsage, spanID: spanID)
        case let end as LLMCompletionEndEvent:
            countTokens(end.response.tokenUsage, spanID: spanID)
        default:
            break
        }
    }

    /// Notes the span's name.
    public func newSpan(_ entry: SpanEntry) -> MeasuredSpan? {
        MeasuredSpan(id: entry.id, parentID: entry.parentID, tags: entry.tags, name: entry.name)
    }

    /// Counts the call and records its duration and, for streams, the time to first token.
    public func prepareToExitSpan(_ span: MeasuredSpan, exit: SpanExit) {
        record(span, duration: exit.timing.duration, failed: false)
        let model = forget(spanID: span.id)
        if let seconds = exit.facts["time_to_first_chunk"]?.doubleValue {
            Timer(label: "llm_time_to_first_token", dimensions: [("model", model ?? "unknown")], factory: factory)
                .recordNanoseconds(Int64(seconds * 1e9))
        }
    }

    /// Counts the call as failed and records its duration.
    public func prepareToDropSpan(_ span: MeasuredSpan, drop: SpanDrop) {
        record(span, duration: drop.timing.duration, failed: true)
        _ = forget(spanID: span.id)
    }

    private func record(_ span: MeasuredSpan, duration: Duration, failed: Bool) {
        let dimensions = [("span", span.name)]
        Counter(label: "llm_span_calls_total", dimensions: dimensions, factory: factory).increment()
        if failed {
            Counter(label: "llm_span_errors_total", dimensions: dimensions, factory: factory).increment()
        }
        let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        Timer(label: "llm_span_duration", dimensions: dimensions, factory: factory).recordNanoseconds(nanoseconds)
    }

    private func remember(model: String?, for spanID: String) {
        guard let model else { return }
        modelBySpan.withLock { $0[spanID] = model }
    }

    private func forget(spanID: String) -> String? {
        modelBySpan.withLock { $0.removeValue(forKey: spanID) }
    }

    private func countTokens(_ usage: TokenUsage?, spanID: String) {
        guard let usage else { return }
        let model = modelBySpan.withLock { $0[spanID] } ?? "unknown"
        Counter(label: "llm_tokens_total", dimensions: [("model", model), ("type", "prompt")], factory: factory)
            .increment(by: usage.promptTokens)
        Counter(label: "llm_tokens_total", dimensions: [("model", model), ("type", "completion")], factory: factory)
            .increment(by: usage.completionTokens)
    }
}

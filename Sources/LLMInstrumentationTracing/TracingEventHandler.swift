public import LLMInstrumentation
import Tracing

/// The event handler of a ``TracingBridge``: folds each event into the tracer span of the span it
/// belongs to (its `spanID`), as attributes that follow the OpenInference and OpenTelemetry GenAI
/// conventions, and as a span event named after the event's kind.
///
/// The span's OpenInference kind is decided by the first event that implies one (see
/// ``OpenInferenceSpanKind``). Streamed pieces (`LLMChatInProgressEvent`,
/// `LLMCompletionInProgressEvent`, `StreamChatDeltaReceivedEvent`) are not span events each: the
/// first adds `First Token Stream Event`, as OpenInference does, and the span's
/// `llm_instrumentation.chunk_count` counts them all.
///
/// An event whose span is not traced goes, as a span event, onto the tracer's span of the
/// runtime's current `ServiceContext` when there is one; otherwise it is counted in
/// ``TracingStatistics/unattachedEventCount`` and the first such event is logged.
public struct TracingEventHandler: EventHandler {
    let state: TracingState

    init(state: TracingState) {
        self.state = state
    }

    /// Folds `event` into its span.
    public func handle(_ event: some Event) {
        if let spanID = event.spanID, let record = state.record(id: spanID) {
            guard record.isRecording else { return }
            record.fold(
                EventFolding.effect(of: event),
                eventName: event.className,
                eventID: event.id,
                at: event.timestamp,
                maximumSpanEvents: state.configuration.maximumSpanEventsPerSpan
            )
            return
        }
        if let context = ServiceContext.current, let span = state.tracer.activeSpan(identifiedBy: context) {
            span.addEvent(
                SpanEvent(
                    name: event.className,
                    at: TracingClock.instant(of: event.timestamp),
                    attributes: ["event.id": SpanAttribute.string(event.id)]
                )
            )
            state.countRuntimeSpanEvent()
            return
        }
        state.countUnattachedEvent(className: event.className, spanID: event.spanID)
    }
}

import Foundation
import LLMInstrumentation
import Tracing

/// One traced span while it is open: the tracer's span, and what the events told about it so far
/// (kind, attributes, counters), under a lock of its own so that events from several threads and
/// the span's end never race.
final class TracedSpanRecord: Sendable {
    private struct State {
        var pending = PendingAttributes()
        var kind: OpenInferenceSpanKind?
        var embeddingCount = 0
        var spanEventCount = 0
        var droppedSpanEventCount = 0
        var sawStreamProgress = false
        var isEnded = false
    }

    let id: String
    /// The tracer's span.
    let span: any Tracing.Span
    /// Whether the tracer records the span; when it does not (a no-op tracer, a span sampled
    /// out), the bridge computes no attributes for it.
    let isRecording: Bool
    let instanceTypeName: String?
    private let state: LockedValue<State>

    init(id: String, span: any Tracing.Span, instanceTypeName: String?, initial: PendingAttributes) {
        self.id = id
        self.span = span
        self.isRecording = span.isRecording
        self.instanceTypeName = instanceTypeName
        self.state = LockedValue(State(pending: initial))
    }

    /// The trace context of the span, to parent children and to propagate.
    var context: ServiceContext { span.context }

    /// Folds one event into the span: its effect on the attributes under the lock, then the span
    /// event (and the kind, when it is newly known) on the tracer's span.
    func fold(_ effect: EventEffect, eventName: String, eventID: String, at timestamp: Date, maximumSpanEvents: Int) {
        let instanceTypeName = self.instanceTypeName
        let outcome = state.withLock { state -> (kind: OpenInferenceSpanKind?, addsEvent: Bool, firstPiece: Bool)? in
            guard !state.isEnded else { return nil }
            var newKind: OpenInferenceSpanKind?
            if state.kind == nil, let kind = effect.kind {
                state.kind = kind
                newKind = kind
                if kind == .llm, let instanceTypeName, let provider = LLMProvider(typeName: instanceTypeName) {
                    state.pending.set(OpenInference.llmProvider, provider.provider)
                    state.pending.set(OpenInference.llmSystem, provider.system)
                    state.pending.set(OpenInference.genAIProviderName, provider.genAIProvider)
                }
            }
            if !effect.attributes.isEmpty {
                state.pending.merge(effect.attributes)
            }
            for (text, vector) in effect.embeddings {
                let prefix = "\(OpenInference.embeddingEmbeddings).\(state.embeddingCount)."
                state.pending.set(prefix + OpenInference.embeddingText, text)
                state.pending.set(prefix + OpenInference.embeddingVector, vector)
                state.embeddingCount += 1
            }
            var addsEvent = false
            var firstPiece = false
            if effect.isStreamProgress {
                firstPiece = !state.sawStreamProgress
                state.sawStreamProgress = true
            } else if state.spanEventCount < maximumSpanEvents {
                state.spanEventCount += 1
                addsEvent = true
            } else {
                state.droppedSpanEventCount += 1
            }
            return (newKind, addsEvent, firstPiece)
        }
        guard let outcome else { return }
        if let kind = outcome.kind {
            span.attributes[OpenInference.spanKind] = SpanAttribute.string(kind.rawValue)
        }
        if outcome.addsEvent {
            var attributes = effect.spanEventAttributes
            attributes["event.id"] = SpanAttribute.string(eventID)
            span.addEvent(SpanEvent(name: eventName, at: TracingClock.instant(of: timestamp), attributes: attributes))
        }
        if outcome.firstPiece {
            span.addEvent(SpanEvent(name: "First Token Stream Event", at: TracingClock.instant(of: timestamp)))
        }
        if let error = effect.error {
            span.recordError(error)
        }
    }

    /// Ends the span normally: `ok` status, the result as `output.value` unless an event set it
    /// (and unless it is an embedding span, whose outputs are too large), the exit's facts, and
    /// every pending attribute written at once.
    func exit(result: (any Sendable)?, facts: [String: JSONValue], at end: Date) {
        guard var final = takeFinalAttributes() else { return }
        if isRecording {
            let kind = final[OpenInference.spanKind]
            if !final.contains(OpenInference.outputValue), kind != .string(OpenInferenceSpanKind.embedding.rawValue),
                let result
            {
                Self.setOutput(result, into: &final)
            }
            for (key, value) in facts {
                final.set(OpenInference.chunkCountPrefix + key, json: value)
            }
            write(final)
            span.setStatus(SpanStatus(code: .ok))
        }
        span.end(at: TracingClock.instant(of: end))
    }

    /// Ends the span with `error`: recorded on the span, with an `error` status whose message is
    /// `"<ErrorType>: <error>"` (as OpenTelemetry's SDKs write it). A cancellation (the task's, or
    /// a stream abandoned before its end) is not a failure: it becomes a `span.cancelled` span
    /// event with the reason, and the status stays unset.
    func drop(error: any Error, at end: Date) {
        guard let final = takeFinalAttributes() else { return }
        if isRecording {
            write(final)
            if error is CancellationError || error is StreamAbandonedError {
                span.addEvent(
                    SpanEvent(name: "span.cancelled", attributes: ["reason": .string(String(describing: error))])
                )
            } else {
                span.recordError(error)
                span.setStatus(SpanStatus(code: .error, message: "\(type(of: error)): \(error)"))
            }
        }
        span.end(at: TracingClock.instant(of: end))
    }

    /// Marks the span ended and returns its pending attributes with the kind (a span no event
    /// classified is a chain), or `nil` if it had ended already.
    private func takeFinalAttributes() -> PendingAttributes? {
        state.withLock { state -> PendingAttributes? in
            guard !state.isEnded else { return nil }
            state.isEnded = true
            var final = state.pending
            state.pending = PendingAttributes()
            final.set(OpenInference.spanKind, (state.kind ?? .chain).rawValue)
            if state.droppedSpanEventCount > 0 {
                final.set(OpenInference.droppedSpanEvents, state.droppedSpanEventCount)
            }
            return final
        }
    }

    private func write(_ final: PendingAttributes) {
        guard !final.isEmpty else { return }
        span.updateAttributes { final.apply(to: &$0) }
    }

    /// `process_output`: text for strings, numbers and flags; JSON (with its MIME type) for
    /// anything structured.
    static func setOutput(_ result: any Sendable, into attributes: inout PendingAttributes) {
        switch result {
        case let text as String:
            attributes.set(OpenInference.outputValue, text)
        case let number as Int:
            attributes.set(OpenInference.outputValue, String(number))
        case let number as Double:
            attributes.set(OpenInference.outputValue, String(number))
        case let flag as Bool:
            attributes.set(OpenInference.outputValue, flag ? "True" : "False")
        case let node as NodeWithScore:
            attributes.set(OpenInference.outputValue, AttributeJSON.description(of: node))
        default:
            let json = AttributeJSON.json(of: result)
            switch json {
            case .null:
                return
            case .string(let text):
                attributes.set(OpenInference.outputValue, text)
            default:
                attributes.set(OpenInference.outputValue, json.jsonString())
                attributes.set(OpenInference.outputMimeType, OpenInference.mimeJSON)
            }
        }
    }
}

import LLMInstrumentation
import Tracing

/// What one event does to the span it belongs to: computed from the event alone (without the
/// span's lock), then applied to the span's record.
struct EventEffect: Sendable {
    /// The span kind the event implies; it applies only if the span has none yet.
    var kind: OpenInferenceSpanKind?
    /// Attributes to set (or remove) on the span.
    var attributes = PendingAttributes()
    /// Embeddings to append to `embedding.embeddings`, numbered after those already recorded.
    /// A vector is `nil` when a content policy left it out.
    var embeddings: [(text: String, vector: SpanAttribute?)] = []
    /// Whether the event reports a streamed piece: not added as a span event of its own; the first
    /// one adds `First Token Stream Event`.
    var isStreamProgress = false
    /// An error to record on the span (a stream's error).
    var error: (any Error)?
    /// Attributes of the span event the event becomes, beside `event.id`.
    var spanEventAttributes: SpanAttributes = [:]
}

/// An error that reached the bridge as text (an exception event's `exception`), recorded on a span
/// as the error it describes.
struct DescribedError: Error, CustomStringConvertible {
    var description: String
}

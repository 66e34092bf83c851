/// A response synthesizer began to answer: the reference's `SynthesizeStartEvent` (see ``QueryQuestionEvent``).
public typealias SynthesizeStartEvent = QueryQuestionEvent<SynthesizeStartEventKind>

/// The kind of ``SynthesizeStartEvent``.
public enum SynthesizeStartEventKind: EventKind {
    /// `SynthesizeStartEvent`.
    public static let className = "SynthesizeStartEvent"
}

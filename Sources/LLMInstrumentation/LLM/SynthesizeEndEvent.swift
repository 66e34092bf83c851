/// A response synthesizer answered: the reference's `SynthesizeEndEvent` (see ``QueryAnswerEvent``).
public typealias SynthesizeEndEvent = QueryAnswerEvent<SynthesizeEndEventKind>

/// The kind of ``SynthesizeEndEvent``.
public enum SynthesizeEndEventKind: EventKind {
    /// `SynthesizeEndEvent`.
    public static let className = "SynthesizeEndEvent"
}

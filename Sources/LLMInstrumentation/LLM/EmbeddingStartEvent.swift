/// Texts began to be embedded, with the embedding model's settings: the reference's `EmbeddingStartEvent` (see ``EmbeddingModelEvent``).
public typealias EmbeddingStartEvent = EmbeddingModelEvent<EmbeddingStartEventKind>

/// The kind of ``EmbeddingStartEvent``.
public enum EmbeddingStartEventKind: EventKind {
    /// `EmbeddingStartEvent`.
    public static let className = "EmbeddingStartEvent"
}

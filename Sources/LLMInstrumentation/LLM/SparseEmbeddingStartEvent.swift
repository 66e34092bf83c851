/// Texts began to be embedded sparsely, with the model's settings: the reference's `SparseEmbeddingStartEvent` (see ``EmbeddingModelEvent``).
public typealias SparseEmbeddingStartEvent = EmbeddingModelEvent<SparseEmbeddingStartEventKind>

/// The kind of ``SparseEmbeddingStartEvent``.
public enum SparseEmbeddingStartEventKind: EventKind {
    /// `SparseEmbeddingStartEvent`.
    public static let className = "SparseEmbeddingStartEvent"
}

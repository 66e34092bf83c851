/// A model that turns texts into vectors: the counterpart of LlamaIndex's embedding models.
public protocol EmbeddingModel: InstrumentableComponent {
    /// The model's settings, recorded as `model_dict` (at least `"model_name"`).
    var modelDict: [String: JSONValue] { get }

    /// Embeds `texts`, one vector each, in order.
    func embed(_ texts: [String]) async throws -> [[Double]]
}

/// An instrumented ``EmbeddingModel``: its calls are spans with LlamaIndex's embedding events.
extension InstrumentedComponent: EmbeddingModel where Base: EmbeddingModel {
    /// The base model's settings.
    public var modelDict: [String: JSONValue] { base.modelDict }

    /// Embeds inside a span named `"<Model>.embed"`.
    public func embed(_ texts: [String]) async throws -> [[Double]] {
        try await instrumentedCall(
            "embed",
            arguments: ["texts": texts],
            start: EmbeddingStartEvent(modelDict: base.modelDict),
            end: { EmbeddingEndEvent(chunks: texts, embeddings: $0) },
            calling: { try await base.embed(texts) }
        )
    }
}

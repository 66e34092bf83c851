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
        let dispatcher = self.dispatcher
        let base = self.base
        return try await dispatcher.span("embed", instance: base, arguments: ["texts": texts]) {
            () async throws -> [[Double]] in
            dispatcher.event(EmbeddingStartEvent(modelDict: base.modelDict))
            let embeddings = try await base.embed(texts)
            dispatcher.event(EmbeddingEndEvent(chunks: texts, embeddings: embeddings))
            return embeddings
        }
    }
}

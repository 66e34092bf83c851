/// Reorders retrieved nodes by relevance: the counterpart of LlamaIndex's node postprocessors
/// that rerank.
public protocol Reranker: InstrumentableComponent {
    /// The model's name, recorded in `ReRankStartEvent`.
    var modelName: String { get }

    /// The best `topN` of `nodes` for `query`, best first.
    func rerank(_ nodes: [NodeWithScore], query: QueryInput?, topN: Int) async throws -> [NodeWithScore]
}

/// An instrumented ``Reranker``: its calls are spans with LlamaIndex's rerank events.
extension InstrumentedComponent: Reranker where Base: Reranker {
    /// The base reranker's model name.
    public var modelName: String { base.modelName }

    /// Reranks inside a span named `"<Reranker>.rerank"`.
    public func rerank(_ nodes: [NodeWithScore], query: QueryInput?, topN: Int) async throws -> [NodeWithScore] {
        try await instrumentedCall(
            "rerank",
            arguments: ["query": query, "topN": topN],
            start: ReRankStartEvent(query: query, nodes: nodes, topN: topN, modelName: base.modelName),
            end: { ReRankEndEvent(nodes: $0) },
            calling: { try await base.rerank(nodes, query: query, topN: topN) }
        )
    }
}

/// Reorders retrieved nodes by relevance: the counterpart of LlamaIndex's node postprocessors
/// that rerank.
public protocol Reranker: Sendable {
    /// The model's name, recorded in `ReRankStartEvent`.
    var modelName: String { get }

    /// The best `topN` of `nodes` for `query`, best first.
    func rerank(_ nodes: [NodeWithScore], query: QueryInput?, topN: Int) async throws -> [NodeWithScore]
}

extension Reranker {
    /// This reranker, with every call a span that emits `ReRankStartEvent` and `ReRankEndEvent`.
    public func instrumented(dispatcher: Dispatcher) -> InstrumentedReranker<Self> {
        InstrumentedReranker(self, dispatcher: dispatcher)
    }
}

/// A ``Reranker`` whose calls are spans with LlamaIndex's rerank events.
public struct InstrumentedReranker<Base: Reranker>: Reranker {
    /// The reranker called.
    public let base: Base
    /// Where spans and events go.
    public let dispatcher: Dispatcher

    /// Wraps `base`.
    public init(_ base: Base, dispatcher: Dispatcher) {
        self.base = base
        self.dispatcher = dispatcher
    }

    /// The base reranker's model name.
    public var modelName: String { base.modelName }

    /// Reranks inside a span named `"<Reranker>.rerank"`.
    public func rerank(_ nodes: [NodeWithScore], query: QueryInput?, topN: Int) async throws -> [NodeWithScore] {
        let dispatcher = self.dispatcher
        let base = self.base
        return try await dispatcher.span("rerank", instance: base, arguments: ["query": query, "topN": topN]) {
            () async throws -> [NodeWithScore] in
            dispatcher.event(ReRankStartEvent(query: query, nodes: nodes, topN: topN, modelName: base.modelName))
            let reranked = try await base.rerank(nodes, query: query, topN: topN)
            dispatcher.event(ReRankEndEvent(nodes: reranked))
            return reranked
        }
    }
}

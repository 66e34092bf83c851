/// Finds the nodes that answer a query: the counterpart of LlamaIndex's retrievers.
public protocol Retriever: InstrumentableComponent {
    /// The nodes for `query`, best first.
    func retrieve(_ query: QueryInput) async throws -> [NodeWithScore]
}

/// An instrumented ``Retriever``: its calls are spans with LlamaIndex's retrieval events.
extension InstrumentedComponent: Retriever where Base: Retriever {
    /// Retrieves inside a span named `"<Retriever>.retrieve"`.
    public func retrieve(_ query: QueryInput) async throws -> [NodeWithScore] {
        try await instrumentedCall(
            "retrieve",
            arguments: ["query": query],
            start: RetrievalStartEvent(strOrQueryBundle: query),
            end: { RetrievalEndEvent(strOrQueryBundle: query, nodes: $0) },
            calling: { try await base.retrieve(query) }
        )
    }
}

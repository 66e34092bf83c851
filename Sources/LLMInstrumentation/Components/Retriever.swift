/// Finds the nodes that answer a query: the counterpart of LlamaIndex's retrievers.
public protocol Retriever: InstrumentableComponent {
    /// The nodes for `query`, best first.
    func retrieve(_ query: QueryInput) async throws -> [NodeWithScore]
}

/// An instrumented ``Retriever``: its calls are spans with LlamaIndex's retrieval events.
extension InstrumentedComponent: Retriever where Base: Retriever {
    /// Retrieves inside a span named `"<Retriever>.retrieve"`.
    public func retrieve(_ query: QueryInput) async throws -> [NodeWithScore] {
        let dispatcher = self.dispatcher
        let base = self.base
        return try await dispatcher.span("retrieve", instance: base, arguments: ["query": query]) {
            () async throws -> [NodeWithScore] in
            dispatcher.event(RetrievalStartEvent(strOrQueryBundle: query))
            let nodes = try await base.retrieve(query)
            dispatcher.event(RetrievalEndEvent(strOrQueryBundle: query, nodes: nodes))
            return nodes
        }
    }
}

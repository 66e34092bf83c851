/// Finds the nodes that answer a query: the counterpart of LlamaIndex's retrievers.
public protocol Retriever: Sendable {
    /// The nodes for `query`, best first.
    func retrieve(_ query: QueryInput) async throws -> [NodeWithScore]
}

extension Retriever {
    /// This retriever, with every call a span that emits `RetrievalStartEvent` and
    /// `RetrievalEndEvent`.
    public func instrumented(dispatcher: Dispatcher) -> InstrumentedRetriever<Self> {
        InstrumentedRetriever(self, dispatcher: dispatcher)
    }
}

/// A ``Retriever`` whose calls are spans with LlamaIndex's retrieval events.
public struct InstrumentedRetriever<Base: Retriever>: Retriever {
    /// The retriever called.
    public let base: Base
    /// Where spans and events go.
    public let dispatcher: Dispatcher

    /// Wraps `base`.
    public init(_ base: Base, dispatcher: Dispatcher) {
        self.base = base
        self.dispatcher = dispatcher
    }

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

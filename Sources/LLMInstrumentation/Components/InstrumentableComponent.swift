/// What every component protocol refines (``ChatModel``, ``CompletionModel``, ``EmbeddingModel``,
/// ``Retriever``, ``Reranker``, ``Tool``): a component can be wrapped so that its calls are spans
/// with LlamaIndex's events.
public protocol InstrumentableComponent: Sendable {}

extension InstrumentableComponent {
    /// This component, with every call a span that emits LlamaIndex's events on `dispatcher`: for a
    /// chat model `LLMChatStartEvent`, `LLMChatInProgressEvent` (streams) and `LLMChatEndEvent`;
    /// for a completion model the `LLMCompletion` events; for an embedding model
    /// `EmbeddingStartEvent` and `EmbeddingEndEvent`; for a retriever the `Retrieval` events; for a
    /// reranker the `ReRank` events; for a tool `AgentToolCallEvent`.
    public func instrumented(dispatcher: Dispatcher) -> InstrumentedComponent<Self> {
        InstrumentedComponent(self, dispatcher: dispatcher)
    }
}

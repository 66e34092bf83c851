/// The kind of work a span stands for, as the OpenInference conventions name it in the
/// `openinference.span.kind` attribute that Arize Phoenix reads.
///
/// The bridge decides it from the events that arrive in the span, as OpenInference's LlamaIndex
/// handler does: the first event that implies a kind wins (`LLMChatStartEvent` makes an LLM span,
/// `RetrievalStartEvent` a retriever span, ...), and a span that got none is a chain.
public enum OpenInferenceSpanKind: String, Sendable, Hashable, CaseIterable {
    /// A call of a language model: chat, completion, prediction.
    case llm = "LLM"
    /// A call of an embedding model.
    case embedding = "EMBEDDING"
    /// A retrieval of documents for a query.
    case retriever = "RETRIEVER"
    /// A reranking of retrieved documents.
    case reranker = "RERANKER"
    /// A call of a tool by an agent.
    case tool = "TOOL"
    /// A step of an agent, or its whole run.
    case agent = "AGENT"
    /// Any other step of a pipeline: a query, a synthesis, a function of the application.
    case chain = "CHAIN"
}

import Foundation
public import LLMInstrumentation
public import LLMInstrumentationMacros

/// The demo's RAG pipeline: retrieve (embedding on a thread) while a child task checks the
/// question, rerank, then stream an answer from the chat model with the context.
@Instrumented(dispatcher: demoDispatcher)
public final class RAGPipeline: Sendable {
    /// Creates the pipeline with its instrumented components.
    public init() {}

    /// The retriever, embedding with the instrumented letter model.
    public let retriever = VectorRetriever(embedder: LetterEmbeddingModel().instrumented(dispatcher: demoDispatcher))
        .instrumented(dispatcher: demoDispatcher)
    /// The reranker.
    public let reranker = WordOverlapReranker().instrumented(dispatcher: demoDispatcher)
    /// The chat model.
    public let llm = QuotingChatModel().instrumented(dispatcher: demoDispatcher)

    /// Answers a question: retrieve, rerank, synthesize; emits the query events.
    public func query(_ question: String) async throws -> String {
        demoDispatcher.event(QueryStartEvent(query: .text(question)))
        async let validated = validate(question)
        let candidates = try await retriever.retrieve(.text(question))
        let nodes = try await reranker.rerank(candidates, query: .text(question), topN: 2)
        let cleanQuestion = await validated
        let answer = try await synthesize(cleanQuestion, nodes: nodes)
        demoDispatcher.event(
            QueryEndEvent(query: .text(question), response: QueryResponse(response: answer, sourceNodes: nodes))
        )
        return answer
    }

    /// Streams an answer from the chat model with `nodes` as context; emits the synthesize events.
    public func synthesize(_ question: String, nodes: [NodeWithScore]) async throws -> String {
        demoDispatcher.event(SynthesizeStartEvent(query: .text(question)))
        let context = nodes.map(\.text).joined(separator: " ")
        let messages = [ChatMessage(role: .system, content: context), ChatMessage(role: .user, content: question)]
        var answer = ""
        for try await piece in llm.streamChat(messages) {
            answer = piece.message.content ?? answer
        }
        demoDispatcher.event(
            SynthesizeEndEvent(query: .text(question), response: QueryResponse(response: answer, sourceNodes: nodes))
        )
        return answer
    }

    private func validate(_ question: String) async -> String {
        await Task.yield()
        return question.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

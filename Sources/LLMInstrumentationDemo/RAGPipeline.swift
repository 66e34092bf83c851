import Foundation
public import LLMInstrumentation
public import LLMInstrumentationMacros

/// The demo's RAG pipeline: retrieve (embedding on a thread) while a child task checks the
/// question, rerank, then stream an answer from the chat model with the context.
@Instrumented(dispatcher: demoDispatcher)
public final class RAGPipeline: Sendable {
    /// Creates the pipeline with its instrumented components and the offline chat model.
    public convenience init() {
        self.init(chatModel: QuotingChatModel())
    }

    /// Creates the pipeline with its instrumented components and `chatModel` (a client of a real
    /// endpoint, for `llm-trace demo --provider`), instrumented on the demo's dispatcher.
    public init<Model: ChatModel>(chatModel: Model) {
        let model = chatModel.instrumented(dispatcher: demoDispatcher)
        self.streamAnswer = { template, variables in
            var answer = ""
            for try await piece in model.streamPredict(template, variables) {
                answer = piece.message.content ?? answer
            }
            return answer
        }
    }

    /// The retriever, embedding with the instrumented letter model.
    public let retriever = VectorRetriever(embedder: LetterEmbeddingModel().instrumented(dispatcher: demoDispatcher))
        .instrumented(dispatcher: demoDispatcher)
    /// The reranker.
    public let reranker = WordOverlapReranker().instrumented(dispatcher: demoDispatcher)
    /// Streams the chat model's answer to the template filled in and returns its text.
    private let streamAnswer: @Sendable (PromptTemplate, [String: String]) async throws -> String

    /// The prompt the synthesis step answers with: the context as the system message, the
    /// question as the user's.
    public static let answerTemplate = PromptTemplate(
        messages: [ChatMessage(role: .system, content: "{context}"), ChatMessage(role: .user, content: "{question}")],
        version: "demo-answer-1"
    )

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

    /// Streams an answer from the chat model through ``answerTemplate`` with `nodes` as context;
    /// emits the synthesize events.
    public func synthesize(_ question: String, nodes: [NodeWithScore]) async throws -> String {
        demoDispatcher.event(SynthesizeStartEvent(query: .text(question)))
        let context = nodes.map(\.text).joined(separator: " ")
        let answer = try await streamAnswer(Self.answerTemplate, ["context": context, "question": question])
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

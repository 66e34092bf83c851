import Foundation
import LLMInstrumentation
import LLMInstrumentationMacros

/// The dispatcher the demo's components report to. `Dispatcher.named("llm-trace.demo")`
/// propagates to the root, where the demo attaches its handlers.
let demoDispatcher = Dispatcher.named("llm-trace.demo")

/// The documents the demo retrieves from.
let demoDocuments: [(id: String, text: String)] = [
    ("swift-concurrency", "Swift concurrency uses async/await, tasks and actors to make data races compile-time errors."),
    ("task-locals", "Task-local values are inherited by child tasks but not by detached tasks or threads."),
    ("llamaindex", "LlamaIndex instrumentation has events, event handlers, spans, span handlers and dispatchers."),
    ("tracing", "Distributed tracing links spans across processes with a propagated trace context."),
]

/// A fake embedding model: a deterministic bag-of-letters vector. It computes on a plain
/// `Thread`, as a native embedding library would, so the instrumentation context is handed off.
struct LetterEmbeddingModel: EmbeddingModel {
    var modelDict: [String: JSONValue] { ["model_name": "letters-26", "embed_batch_size": 16] }

    func embed(_ texts: [String]) async throws -> [[Double]] {
        let work = InstrumentationContext.current.bind { texts.map(Self.vector(for:)) }
        return await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }

    static func vector(for text: String) -> [Double] {
        var counts = [Double](repeating: 0, count: 26)
        for scalar in text.lowercased().unicodeScalars where ("a"..."z").contains(scalar) {
            counts[Int(scalar.value - 97)] += 1
        }
        let norm = counts.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm == 0 ? counts : counts.map { $0 / norm }
    }
}

/// A retriever that ranks the demo documents by cosine similarity of their letter vectors.
struct VectorRetriever: LLMInstrumentation.Retriever {
    let embedder: InstrumentedEmbeddingModel<LetterEmbeddingModel>

    func retrieve(_ query: QueryInput) async throws -> [NodeWithScore] {
        let vectors = try await embedder.embed([query.queryText] + demoDocuments.map(\.text))
        let queryVector = vectors[0]
        return zip(demoDocuments, vectors.dropFirst())
            .map { document, vector in
                let score = zip(queryVector, vector).map(*).reduce(0, +)
                return NodeWithScore(id: document.id, text: document.text, score: (score * 1000).rounded() / 1000)
            }
            .sorted { ($0.score ?? 0) > ($1.score ?? 0) }
            .prefix(3)
            .map { $0 }
    }
}

/// A reranker that scores documents by the question's words they contain, shorter first on ties.
struct WordOverlapReranker: Reranker {
    var modelName: String { "word-overlap-rerank-1" }

    func rerank(_ nodes: [NodeWithScore], query: QueryInput?, topN: Int) async throws -> [NodeWithScore] {
        let words = Set((query?.queryText ?? "").lowercased().split { !$0.isLetter && $0 != "-" }.map(String.init))
        let scored = nodes.map { node -> NodeWithScore in
            var rescored = node
            let text = node.text.lowercased()
            rescored.score = Double(words.filter { text.contains($0) }.count)
            return rescored
        }
        let ranked = scored.sorted { ($0.score ?? 0, -$0.text.count) > ($1.score ?? 0, -$1.text.count) }
        return Array(ranked.prefix(topN))
    }
}

/// A fake chat model whose answer quotes the context it is given; it streams word by word and
/// fails on an empty question, so the demo shows a dropped span too.
struct QuotingChatModel: ChatModel {
    struct EmptyQuestionError: Error, CustomStringConvertible {
        var description: String { "the question is empty" }
    }

    var modelDict: [String: JSONValue] { ["model": "quoting-1", "temperature": 0.0, "context_window": 4096] }

    func answer(_ messages: [ChatMessage]) throws -> String {
        guard let question = messages.last(where: { $0.role == .user })?.content,
            !question.trimmingCharacters(in: .whitespaces).isEmpty
        else { throw EmptyQuestionError() }
        let context = messages.first { $0.role == .system }?.content ?? ""
        let firstSentence = context.split(separator: ".").first.map(String.init) ?? context
        return "As the documents say: \(firstSentence.trimmingCharacters(in: .whitespaces))."
    }

    func usage(_ messages: [ChatMessage], _ answer: String) -> TokenUsage {
        let prompt = messages.compactMap(\.content).joined(separator: " ").split(separator: " ").count
        return TokenUsage(promptTokens: prompt, completionTokens: answer.split(separator: " ").count)
    }

    func chat(_ messages: [ChatMessage], options: [String: JSONValue]) async throws -> ChatResponse {
        let text = try answer(messages)
        var response = ChatResponse(message: ChatMessage(role: .assistant, content: text))
        response.tokenUsage = usage(messages, text)
        return response
    }

    func streamChat(_ messages: [ChatMessage], options: [String: JSONValue]) -> AsyncThrowingStream<ChatResponse, any Error> {
        AsyncThrowingStream { continuation in
            do {
                let text = try answer(messages)
                var sofar = ""
                let words = text.split(separator: " ")
                for (index, word) in words.enumerated() {
                    let delta = sofar.isEmpty ? String(word) : " " + word
                    sofar += delta
                    var piece = ChatResponse(message: ChatMessage(role: .assistant, content: sofar), delta: delta)
                    if index == words.count - 1 { piece.tokenUsage = usage(messages, text) }
                    continuation.yield(piece)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }
}

/// A tool the demo's agent calls: counts the words of a text.
struct WordCountTool: Tool {
    var metadata: ToolMetadata {
        ToolMetadata(
            name: "word_count",
            description: "Counts the words of a text.",
            parametersSchema: ["type": "object", "properties": ["text": ["type": "string"]]]
        )
    }

    func call(arguments: String) async throws -> String {
        let parsed = try JSONDecoder().decode([String: String].self, from: Data(arguments.utf8))
        return String(parsed["text", default: ""].split(separator: " ").count)
    }
}

/// The demo's RAG pipeline: retrieve (embedding on a thread) while a child task checks the
/// question, rerank, then stream an answer from the chat model with the context.
@Instrumented(dispatcher: demoDispatcher)
final class RAGPipeline: Sendable {
    let retriever = VectorRetriever(embedder: LetterEmbeddingModel().instrumented(dispatcher: demoDispatcher))
        .instrumented(dispatcher: demoDispatcher)
    let reranker = WordOverlapReranker().instrumented(dispatcher: demoDispatcher)
    let llm = QuotingChatModel().instrumented(dispatcher: demoDispatcher)

    func query(_ question: String) async throws -> String {
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

    func synthesize(_ question: String, nodes: [NodeWithScore]) async throws -> String {
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

/// The demo's agent: one step that calls a tool on the pipeline's answer.
@Instrumented(dispatcher: demoDispatcher)
final class WordCountingAgent: Sendable {
    let tool = WordCountTool().instrumented(dispatcher: demoDispatcher)

    func step(task: String, input: String) async throws -> String {
        demoDispatcher.event(AgentRunStepStartEvent(taskID: task, input: input))
        let arguments = String(decoding: try JSONEncoder().encode(["text": input]), as: UTF8.self)
        let count = try await tool.call(arguments: arguments)
        demoDispatcher.event(AgentRunStepEndEvent(stepOutput: ["word_count": .string(count)]))
        return count
    }
}

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

/// A fake embedding model: a deterministic bag-of-letters vector. It runs on a plain `Thread`, as a
/// native embedding library would, so the instrumentation context is handed off explicitly.
final class LetterEmbedder: Sendable {
    @Spanned(dispatcher: demoDispatcher)
    func embed(_ texts: [String]) async -> [[Double]] {
        let work = InstrumentationContext.current.bind { () -> [[Double]] in
            let vectors = texts.map(Self.vector(for:))
            demoDispatcher.event(TextsEmbeddedEvent(count: vectors.count, dimensions: 26))
            return vectors
        }
        return await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }

    @NotSpanned
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
@Instrumented(dispatcher: demoDispatcher)
final class VectorRetriever: Sendable {
    let embedder = LetterEmbedder()

    func retrieve(_ query: String, topK: Int) async -> [(id: String, text: String, score: Double)] {
        let vectors = await embedder.embed([query] + demoDocuments.map(\.text))
        let queryVector = vectors[0]
        let ranked = zip(demoDocuments, vectors.dropFirst())
            .map { document, vector in
                (id: document.id, text: document.text, score: zip(queryVector, vector).map(*).reduce(0, +))
            }
            .sorted { $0.score > $1.score }
            .prefix(topK)
        let scores = ranked.map { ($0.score * 1000).rounded() / 1000 }
        demoDispatcher.event(DocumentsRetrievedEvent(query: query, documentIDs: ranked.map(\.id), scores: scores))
        return Array(ranked)
    }
}

/// A fake chat model whose answer depends on its prompt. It fails on an empty prompt, so the
/// demo shows a dropped span too.
final class EchoChatModel: Sendable {
    struct EmptyPromptError: Error, CustomStringConvertible {
        var description: String { "the prompt is empty" }
    }

    let model = "echo-1"

    @Spanned(dispatcher: demoDispatcher)
    func complete(_ prompt: String) async throws -> String {
        demoDispatcher.event(PromptSentEvent(model: model, prompt: String(prompt.prefix(60))))
        guard !prompt.isEmpty else { throw EmptyPromptError() }
        await Task.yield()
        let context = prompt.split(separator: "\n").dropFirst().first.map(String.init) ?? ""
        let answer = "Based on the context: \(context.prefix(80))"
        let tokens = answer.split(separator: " ").count
        demoDispatcher.event(ResponseReceivedEvent(model: model, response: answer, completionTokens: tokens))
        return answer
    }
}

/// The demo's pipeline: retrieve (embedding on a thread) while a child task checks the question,
/// then ask the model.
@Instrumented(dispatcher: demoDispatcher)
final class RAGPipeline: Sendable {
    let retriever = VectorRetriever()
    let llm = EchoChatModel()

    func answer(_ question: String) async throws -> String {
        demoDispatcher.event(QuestionReceivedEvent(question: question))
        async let validated = validate(question)
        let documents = await retriever.retrieve(question, topK: 2)
        let cleanQuestion = await validated
        let context = documents.map(\.text).joined(separator: " ")
        let prompt = cleanQuestion.isEmpty ? "" : "Question: \(cleanQuestion)\n" + context
        return try await llm.complete(prompt)
    }

    private func validate(_ question: String) async -> String {
        await Task.yield()
        return question.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

import Foundation
public import LLMInstrumentation

/// A retriever that ranks the demo documents by cosine similarity of their letter vectors.
public struct VectorRetriever: LLMInstrumentation.Retriever {
    /// The instrumented embedding model used for the query and the documents.
    public let embedder: InstrumentedComponent<LetterEmbeddingModel>

    /// Creates the retriever over ``demoDocuments``.
    public init(embedder: InstrumentedComponent<LetterEmbeddingModel>) {
        self.embedder = embedder
    }

    /// The three documents nearest to the query.
    public func retrieve(_ query: QueryInput) async throws -> [NodeWithScore] {
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

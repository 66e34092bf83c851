import Foundation
public import LLMInstrumentation

/// A reranker that scores documents by the question's words they contain, shorter first on ties.
public struct WordOverlapReranker: Reranker {
    /// Creates the reranker.
    public init() {}

    /// The reranker's model name.
    public var modelName: String { "word-overlap-rerank-1" }

    /// The `topN` nodes with the most question words.
    public func rerank(_ nodes: [NodeWithScore], query: QueryInput?, topN: Int) async throws -> [NodeWithScore] {
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

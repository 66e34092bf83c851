import Foundation
public import LLMInstrumentation

/// A fake embedding model: a deterministic bag-of-letters vector. It computes on a plain
/// `Thread`, as a native embedding library would, so the instrumentation context is handed off.
public struct LetterEmbeddingModel: EmbeddingModel {
    /// Creates the model.
    public init() {}

    /// The model's settings, as the reference dumps them.
    public var modelDict: [String: JSONValue] { ["model_name": "letters-26", "embed_batch_size": 16] }

    /// Embeds each text on a plain thread, handing the instrumentation context over.
    public func embed(_ texts: [String]) async throws -> [[Double]] {
        let work = ActiveSpanContext.current.bind { texts.map(Self.vector(for:)) }
        return await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }

    /// The unit vector of letter counts of `text`.
    public static func vector(for text: String) -> [Double] {
        var counts = [Double](repeating: 0, count: 26)
        for scalar in text.lowercased().unicodeScalars where ("a"..."z").contains(scalar) {
            counts[Int(scalar.value - 97)] += 1
        }
        let norm = counts.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm == 0 ? counts : counts.map { $0 / norm }
    }
}

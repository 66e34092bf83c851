import Foundation
public import LLMInstrumentation

/// A fake chat model whose answer quotes the context it is given; it streams word by word and
/// fails on an empty question, so the demo shows a dropped span too.
public struct QuotingChatModel: ChatModel {
    /// Creates the model.
    public init() {}

    /// The error for a question with nothing in it.
    public struct EmptyQuestionError: Error, CustomStringConvertible {
        /// The error's text.
        public var description: String { "the question is empty" }
    }

    /// A made-up price for the demo's model, for `ModelPriceTable.current`, so that its calls
    /// show a cost.
    public static let demoPrice = ModelPrice(
        provider: "demo",
        model: "quoting-1",
        input: 0.5,
        output: 1.5,
        pricesAsOf: "2026-12-06",
        note: "made up for the offline demo"
    )

    /// The model's settings, as the reference dumps them.
    public var modelDict: [String: JSONValue] { ["model": "quoting-1", "temperature": 0.0, "context_window": 4096] }

    /// The answer to the last user message, quoting the system message; throws on an empty question.
    public func answer(_ messages: [ChatMessage]) throws -> String {
        guard let question = messages.last(where: { $0.role == .user })?.content,
            !question.trimmingCharacters(in: .whitespaces).isEmpty
        else { throw EmptyQuestionError() }
        let context = messages.first { $0.role == .system }?.content ?? ""
        let firstSentence = context.split(separator: ".").first.map(String.init) ?? context
        return "As the documents say: \(firstSentence.trimmingCharacters(in: .whitespaces))."
    }

    /// Token counts: words of the prompt and of the answer.
    public func usage(_ messages: [ChatMessage], _ answer: String) -> TokenUsage {
        let prompt = messages.compactMap(\.content).joined(separator: " ").split(separator: " ").count
        return TokenUsage(promptTokens: prompt, completionTokens: answer.split(separator: " ").count)
    }

    /// Answers in one response, with token usage.
    public func chat(_ messages: [ChatMessage], options: [String: JSONValue]) async throws -> ChatResponse {
        let text = try answer(messages)
        var response = ChatResponse(message: ChatMessage(role: .assistant, content: text))
        response.tokenUsage = usage(messages, text)
        return response
    }

    /// Streams the answer word by word; the last piece carries the token usage.
    public func streamChat(
        _ messages: [ChatMessage],
        options: [String: JSONValue]
    ) -> AsyncThrowingStream<ChatResponse, any Error> {
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

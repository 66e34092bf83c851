/// A model's answer to a chat, or one streamed piece of it.
public struct ChatResponse: Sendable, Hashable, Codable, ModelDumpEncodable {
    /// The answer so far.
    public var message: ChatMessage
    /// The provider's raw response, if kept.
    public var raw: JSONValue?
    /// The text streamed in this piece, for streamed answers.
    public var delta: String?
    /// Log probabilities of the tokens, per choice, if asked for.
    public var logprobs: [[LogProbability]]?
    /// Provider extras; token usage usually lives here (`prompt_tokens`, `completion_tokens`,
    /// `total_tokens`).
    public var additionalKwargs: [String: JSONValue]

    /// Creates a response.
    public init(
        message: ChatMessage,
        raw: JSONValue? = nil,
        delta: String? = nil,
        logprobs: [[LogProbability]]? = nil,
        additionalKwargs: [String: JSONValue] = [:]
    ) {
        self.message = message
        self.raw = raw
        self.delta = delta
        self.logprobs = logprobs
        self.additionalKwargs = additionalKwargs
    }

    private enum CodingKeys: String, CodingKey {
        case message, raw, delta, logprobs
        case additionalKwargs = "additional_kwargs"
    }
}

/// A model's completion of a prompt, or one streamed piece of it.
public struct CompletionResponse: Sendable, Hashable, Codable, ModelDumpEncodable {
    /// The completion so far.
    public var text: String
    /// Provider extras; token usage usually lives here.
    public var additionalKwargs: [String: JSONValue]
    /// The provider's raw response, if kept.
    public var raw: JSONValue?
    /// Log probabilities of the tokens, per choice, if asked for.
    public var logprobs: [[LogProbability]]?
    /// The text streamed in this piece, for streamed completions.
    public var delta: String?

    /// Creates a completion response.
    public init(
        text: String,
        additionalKwargs: [String: JSONValue] = [:],
        raw: JSONValue? = nil,
        logprobs: [[LogProbability]]? = nil,
        delta: String? = nil
    ) {
        self.text = text
        self.additionalKwargs = additionalKwargs
        self.raw = raw
        self.logprobs = logprobs
        self.delta = delta
    }

    private enum CodingKeys: String, CodingKey {
        case text, raw, logprobs, delta
        case additionalKwargs = "additional_kwargs"
    }
}

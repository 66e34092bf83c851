/// How many tokens a model call used. LlamaIndex keeps usage in a response's
/// `additional_kwargs` (`prompt_tokens`, `completion_tokens`, `total_tokens`); this reads and
/// writes it there, so dumps keep the reference's shape.
public struct TokenUsage: Sendable, Hashable, Codable {
    /// Tokens of the prompt.
    public var promptTokens: Int
    /// Tokens of the answer.
    public var completionTokens: Int
    /// Tokens in all, as the provider counted them.
    public var totalTokens: Int
    /// Prompt tokens served from the provider's cache, if reported.
    public var cachedTokens: Int?
    /// Prompt tokens written to the provider's cache (Anthropic's `cache_creation_input_tokens`),
    /// if reported.
    public var cacheCreationTokens: Int?
    /// Answer tokens spent on reasoning before the visible answer (OpenAI's `reasoning_tokens`),
    /// if reported; they are part of ``completionTokens``.
    public var reasoningTokens: Int?

    /// Creates a usage record; the total defaults to the sum.
    public init(
        promptTokens: Int,
        completionTokens: Int,
        totalTokens: Int? = nil,
        cachedTokens: Int? = nil,
        cacheCreationTokens: Int? = nil,
        reasoningTokens: Int? = nil
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? promptTokens + completionTokens
        self.cachedTokens = cachedTokens
        self.cacheCreationTokens = cacheCreationTokens
        self.reasoningTokens = reasoningTokens
    }

    /// Reads usage from `additional_kwargs`, or `nil` when the prompt and completion counts are
    /// not both there.
    public init?(additionalKwargs: [String: JSONValue]) {
        guard let prompt = additionalKwargs["prompt_tokens"]?.intValue,
            let completion = additionalKwargs["completion_tokens"]?.intValue
        else { return nil }
        self.init(
            promptTokens: prompt,
            completionTokens: completion,
            totalTokens: additionalKwargs["total_tokens"]?.intValue,
            cachedTokens: additionalKwargs["cached_tokens"]?.intValue,
            cacheCreationTokens: additionalKwargs["cache_creation_tokens"]?.intValue,
            reasoningTokens: additionalKwargs["reasoning_tokens"]?.intValue
        )
    }

    /// The `additional_kwargs` members a usage is kept in.
    static let additionalKwargsKeys = [
        "prompt_tokens", "completion_tokens", "total_tokens", "cached_tokens", "cache_creation_tokens",
        "reasoning_tokens",
    ]

    /// The usage as `additional_kwargs` members.
    public var additionalKwargs: [String: JSONValue] {
        var members: [String: JSONValue] = [
            "prompt_tokens": .int(promptTokens),
            "completion_tokens": .int(completionTokens),
            "total_tokens": .int(totalTokens),
        ]
        if let cachedTokens { members["cached_tokens"] = .int(cachedTokens) }
        if let cacheCreationTokens { members["cache_creation_tokens"] = .int(cacheCreationTokens) }
        if let reasoningTokens { members["reasoning_tokens"] = .int(reasoningTokens) }
        return members
    }
}

/// A model response that keeps provider extras, token usage among them, in `additional_kwargs`.
public protocol TokenUsageReporting {
    /// Provider extras.
    var additionalKwargs: [String: JSONValue] { get set }
}

extension TokenUsageReporting {
    /// The token usage in `additionalKwargs`, if the model reported it; setting it replaces the
    /// usage members there.
    public var tokenUsage: TokenUsage? {
        get { TokenUsage(additionalKwargs: additionalKwargs) }
        set {
            for key in TokenUsage.additionalKwargsKeys {
                additionalKwargs[key] = nil
            }
            if let newValue { additionalKwargs.merge(newValue.additionalKwargs) { _, new in new } }
        }
    }
}

extension ChatResponse: TokenUsageReporting {}
extension CompletionResponse: TokenUsageReporting {}

/// Why a model call got no cost.
public struct TokenCostError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// The price table has no entry for this model, even without its date suffix.
        case unknownModel(String)
        /// A token count of the usage is negative.
        case negativeTokenCount(TokenUsage)
        /// The cached prompt tokens (read and written) are more than the prompt's.
        case cachedTokensExceedPrompt(TokenUsage)
        /// A price table file is in another currency or unit than US dollars per million tokens.
        case unsupportedPriceUnit(currency: String, unit: String)
    }

    /// What went wrong.
    public let kind: Kind

    /// A sentence saying what went wrong.
    public var description: String {
        switch kind {
        case .unknownModel(let model):
            "no price is known for the model \(model); its calls get no cost (add one to ModelPriceTable.current)"
        case .negativeTokenCount(let usage):
            "a token count is negative (\(Self.counts(usage))); the call gets no cost"
        case .cachedTokensExceedPrompt(let usage):
            "the cached prompt tokens exceed the prompt's (\(Self.counts(usage))); the call gets no cost"
        case .unsupportedPriceUnit(let currency, let unit):
            "the price table is in \(currency) \(unit); only USD per million tokens is read"
        }
    }

    private static func counts(_ usage: TokenUsage) -> String {
        var parts = ["prompt \(usage.promptTokens)", "completion \(usage.completionTokens)"]
        if let cached = usage.cachedTokens { parts.append("cache read \(cached)") }
        if let written = usage.cacheCreationTokens { parts.append("cache write \(written)") }
        if let reasoning = usage.reasoningTokens { parts.append("reasoning \(reasoning)") }
        return parts.joined(separator: ", ")
    }
}

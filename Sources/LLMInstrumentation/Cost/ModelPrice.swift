/// What a model costs: US dollars per million tokens of input, output, cached input read and
/// cache writes, with the date the prices are known to hold from. One entry of a
/// ``ModelPriceTable``; its JSON form is the table file's (`snake_case` keys).
public struct ModelPrice: Sendable, Hashable, Codable {
    /// The provider: `openai`, `anthropic`, `google`, `mistral`, `deepseek`, or your own.
    public var provider: String
    /// The model's API id without a date suffix (`gpt-4o`, `claude-sonnet-4`), or a dated id that
    /// is priced differently from its alias (`gpt-4o-2024-05-13`).
    public var model: String
    /// Dollars per million input (prompt) tokens that were neither read from nor written to a cache.
    public var input: Double
    /// Dollars per million output (completion) tokens, reasoning tokens included.
    public var output: Double
    /// Dollars per million input tokens read from the provider's cache; `nil` where the provider
    /// has no such price (then they cost ``input``).
    public var cacheRead: Double?
    /// Dollars per million input tokens written to the provider's cache (Anthropic's cache
    /// writes); `nil` where writing costs nothing extra (then they cost ``input``).
    public var cacheWrite: Double?
    /// The date (`YYYY-MM-DD`) the prices are known to hold from.
    public var pricesAsOf: String
    /// Where the prices come from, if known.
    public var source: String?
    /// A remark, such as which tier of a tiered price this is.
    public var note: String?

    /// Creates a price entry.
    public init(
        provider: String,
        model: String,
        input: Double,
        output: Double,
        cacheRead: Double? = nil,
        cacheWrite: Double? = nil,
        pricesAsOf: String,
        source: String? = nil,
        note: String? = nil
    ) {
        self.provider = provider
        self.model = model
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
        self.pricesAsOf = pricesAsOf
        self.source = source
        self.note = note
    }

    /// What `usage` costs at these prices. The prompt count includes the tokens read from and
    /// written to the cache (as ``TokenUsage`` keeps it for every provider), priced at
    /// ``cacheRead`` and ``cacheWrite``; the rest of the prompt at ``input``.
    /// - Throws: ``TokenCostError`` when a count is negative or the cached parts exceed the prompt.
    public func cost(of usage: TokenUsage) throws(TokenCostError) -> TokenCost {
        let read = usage.cachedTokens ?? 0
        let written = usage.cacheCreationTokens ?? 0
        let counts = [usage.promptTokens, usage.completionTokens, read, written, usage.reasoningTokens ?? 0]
        guard counts.allSatisfy({ $0 >= 0 }) else { throw TokenCostError(kind: .negativeTokenCount(usage)) }
        let plain = usage.promptTokens - read - written
        guard plain >= 0 else { throw TokenCostError(kind: .cachedTokensExceedPrompt(usage)) }
        let perToken = 1 / 1_000_000.0
        let prompt =
            (Double(plain) * input + Double(read) * (cacheRead ?? input) + Double(written) * (cacheWrite ?? input))
            * perToken
        let completion = Double(usage.completionTokens) * output * perToken
        return TokenCost(prompt: prompt, completion: completion, pricedAs: model, pricesAsOf: pricesAsOf)
    }

    private enum CodingKeys: String, CodingKey {
        case provider, model, input, output, source, note
        case cacheRead = "cache_read"
        case cacheWrite = "cache_write"
        case pricesAsOf = "prices_as_of"
    }
}

/// What a model call cost in US dollars, from its token usage and a ``ModelPrice``. An LLM end
/// event carries it in its response's `additional_kwargs` under `"cost"` beside the token counts,
/// so the event keeps the reference's dump shape:
/// `{"prompt": 0.0025, "completion": 0.001, "total": 0.0035, "currency": "USD", "priced_as": "gpt-4o", "prices_as_of": "2026-11-20"}`.
public struct TokenCost: Sendable, Hashable {
    /// Dollars for the prompt (cache reads and writes included).
    public var prompt: Double
    /// Dollars for the completion.
    public var completion: Double
    /// The model of the price entry used (`gpt-4o` for `gpt-4o-2024-08-06`).
    public var pricedAs: String
    /// The date of the prices used.
    public var pricesAsOf: String

    /// Dollars in all.
    public var total: Double { prompt + completion }

    /// The key of the cost in a response's `additional_kwargs`.
    public static let additionalKwargsKey = "cost"

    /// Creates a cost.
    public init(prompt: Double, completion: Double, pricedAs: String, pricesAsOf: String) {
        self.prompt = prompt
        self.completion = completion
        self.pricedAs = pricedAs
        self.pricesAsOf = pricesAsOf
    }

    /// Reads a cost from its `additional_kwargs` form, or `nil` when it is not one (a negative
    /// or missing amount, a missing model or date).
    public init?(_ value: JSONValue?) {
        guard let prompt = value?["prompt"]?.doubleValue, let completion = value?["completion"]?.doubleValue,
            prompt >= 0, completion >= 0,
            let pricedAs = value?["priced_as"]?.stringValue, let pricesAsOf = value?["prices_as_of"]?.stringValue
        else { return nil }
        self.init(prompt: prompt, completion: completion, pricedAs: pricedAs, pricesAsOf: pricesAsOf)
    }

    /// The cost in its `additional_kwargs` form.
    public var jsonValue: JSONValue {
        [
            "prompt": .double(prompt), "completion": .double(completion), "total": .double(total), "currency": "USD",
            "priced_as": .string(pricedAs), "prices_as_of": .string(pricesAsOf),
        ]
    }
}

extension TokenUsageReporting {
    /// The cost in `additionalKwargs`, if one was worked out for the response; setting it
    /// replaces it.
    public var cost: TokenCost? {
        get { TokenCost(additionalKwargs[TokenCost.additionalKwargsKey]) }
        set { additionalKwargs[TokenCost.additionalKwargsKey] = newValue?.jsonValue }
    }
}

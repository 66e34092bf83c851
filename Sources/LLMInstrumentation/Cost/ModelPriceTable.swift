public import Foundation

/// Prices of models, by model id, to work out what each LLM call cost from its token usage.
///
/// ``bundled`` holds the common models of OpenAI, Anthropic, Google, Mistral and DeepSeek, each
/// with the date of its prices. Instrumented chat and completion models price every call with
/// ``current``, which an application replaces or extends at start-up:
///
/// ```swift
/// ModelPriceTable.current = ModelPriceTable.bundled.adding([
///     ModelPrice(provider: "acme", model: "acme-large", input: 1.0, output: 4.0, pricesAsOf: "2026-12-01")
/// ])
/// ModelPriceTable.current = try ModelPriceTable(contentsOf: URL(fileURLWithPath: "prices.json"))
/// ```
///
/// A model id matches its entry exactly, then without a provider prefix (`openai/gpt-4o`) and
/// without date or `-latest` suffixes (`gpt-4o-2024-08-06`, `claude-sonnet-4-20250514`,
/// `gpt-4-0613`, `gemini-1.5-pro-002` match `gpt-4o`, `claude-sonnet-4`, `gpt-4`,
/// `gemini-1.5-pro`), compared without case. A model it does not know gets no cost, never a
/// guessed one.
public struct ModelPriceTable: Sendable {
    /// The entries, by model id in lower case.
    public let prices: [String: ModelPrice]

    /// A table of these entries (a later entry for the same model replaces an earlier one).
    public init(_ prices: [ModelPrice]) {
        var byModel: [String: ModelPrice] = [:]
        for price in prices { byModel[price.model.lowercased()] = price }
        self.prices = byModel
    }

    /// A table read from JSON in the bundled table's format:
    /// `{"currency": "USD", "unit": "per million tokens", "models": [{"provider": ..., "model": ..., "input": ..., "output": ..., "cache_read": ..., "cache_write": ..., "prices_as_of": ...}]}`.
    /// - Throws: `DecodingError` for JSON of another shape, or ``TokenCostError`` for a currency
    ///   other than US dollars or a unit other than per million tokens.
    public init(json: Data) throws {
        let file = try JSONDecoder().decode(PriceFile.self, from: json)
        guard file.currency == "USD", file.unit == "per million tokens" else {
            throw TokenCostError(kind: .unsupportedPriceUnit(currency: file.currency, unit: file.unit))
        }
        self.init(file.models)
    }

    /// A table read from a JSON file in the bundled table's format (see ``init(json:)``).
    public init(contentsOf url: URL) throws {
        try self.init(json: Data(contentsOf: url))
    }

    /// This table with `more` entries, which replace entries for the same models.
    public func adding(_ more: [ModelPrice]) -> ModelPriceTable {
        ModelPriceTable(Array(prices.values) + more)
    }

    /// The entry for `model`, matched as the type's documentation says, or `nil`.
    public func price(for model: String) -> ModelPrice? {
        var name = model.lowercased()
        if let price = prices[name] { return price }
        if let slash = name.lastIndex(of: "/") {
            name = String(name[name.index(after: slash)...])
            if let price = prices[name] { return price }
        }
        while let shorter = Self.withoutDateSuffix(name) {
            name = shorter
            if let price = prices[name] { return price }
        }
        return nil
    }

    /// What `usage` of `model` cost.
    /// - Throws: ``TokenCostError`` for a model without a price or unusable counts.
    public func cost(model: String, usage: TokenUsage) throws(TokenCostError) -> TokenCost {
        guard let price = price(for: model) else { throw TokenCostError(kind: .unknownModel(model)) }
        return try price.cost(of: usage)
    }

    /// The table instrumented models price their calls with; ``bundled`` unless replaced.
    public static var current: ModelPriceTable {
        get { currentTable.withLock { $0 } }
        set { currentTable.withLock { $0 = newValue } }
    }

    private static let currentTable = LockedValue(bundled)

    /// The table bundled with the package (see `BundledModelPrices.json` in the source for the
    /// entries, their dates and sources).
    public static let bundled: ModelPriceTable = {
        // The bundled data is checked by the tests; an entry that fails to decode is a bug there.
        (try? ModelPriceTable(json: Data(BundledModelPrices.json.utf8))) ?? ModelPriceTable([])
    }()

    /// `name` without one `-latest`, `@YYYYMMDD`, `-YYYY-MM-DD`, `-YYYYMMDD`, `-MMDD`/`-YYMM` or
    /// `-NNN` suffix, or `nil` when it has none.
    static func withoutDateSuffix(_ name: String) -> String? {
        if name.hasSuffix("-latest") { return String(name.dropLast(7)) }
        let utf8 = Array(name.utf8)
        func digits(_ count: Int, endingAt end: Int) -> Bool {
            end - count >= 0
                && utf8[(end - count)..<end].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        let end = utf8.count
        let dash = UInt8(ascii: "-")
        if digits(2, endingAt: end), end >= 11, utf8[end - 3] == dash, digits(2, endingAt: end - 3),
            utf8[end - 6] == dash, digits(4, endingAt: end - 6), utf8[end - 11] == dash
        {
            return String(decoding: utf8[..<(end - 11)], as: UTF8.self)
        }
        for count in [8, 4, 3] where digits(count, endingAt: end) && end > count {
            let separator = utf8[end - count - 1]
            if separator == dash || (count == 8 && separator == UInt8(ascii: "@")) {
                return String(decoding: utf8[..<(end - count - 1)], as: UTF8.self)
            }
        }
        return nil
    }

    private struct PriceFile: Decodable {
        var currency: String
        var unit: String
        var models: [ModelPrice]
    }
}

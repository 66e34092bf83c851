import Foundation
import LLMInstrumentationReading
import Testing

@testable import LLMInstrumentation

/// A chat model that answers with a given model name and usage, as a server reports them.
struct PricedChatModel: ChatModel {
    var model: String
    var usage: TokenUsage
    var answeringModel: String?

    var modelDict: [String: JSONValue] { ["model": .string(model)] }

    func response() -> ChatResponse {
        var response = ChatResponse(
            message: ChatMessage(role: .assistant, content: "ok"),
            raw: answeringModel.map { ["model": .string($0)] }
        )
        response.tokenUsage = usage
        return response
    }

    func chat(_ messages: [ChatMessage], options: [String: JSONValue]) async throws -> ChatResponse { response() }

    func streamChat(_ messages: [ChatMessage], options: [String: JSONValue]) -> AsyncStream<ChatResponse> {
        let response = response()
        return AsyncStream { continuation in
            continuation.yield(response)
            continuation.finish()
        }
    }
}

@Suite("Cost: the bundled price table, model matching, and the cost on LLM end events")
struct ModelCostTests {
    @Test("the bundled table holds dated prices for OpenAI, Anthropic, Google, Mistral and DeepSeek")
    func bundled() throws {
        let prices = ModelPriceTable.bundled.prices.values
        #expect(prices.count > 60)
        #expect(Set(prices.map(\.provider)) == ["openai", "anthropic", "google", "mistral", "deepseek"])
        let date = try Regex("^20[0-9]{2}-[01][0-9]-[0-3][0-9]$")
        for price in prices {
            #expect(price.pricesAsOf.wholeMatch(of: date) != nil, "\(price.model)")
            #expect(price.input >= 0 && price.output >= 0, "\(price.model)")
            #expect(price.source?.hasPrefix("https://") == true, "\(price.model)")
        }
        let gpt4o = try #require(ModelPriceTable.bundled.price(for: "gpt-4o"))
        #expect((gpt4o.input, gpt4o.output, gpt4o.cacheRead) == (2.5, 10, 1.25))
        #expect(ModelPriceTable.bundled.price(for: "claude-sonnet-4")?.cacheWrite == 3.75)
    }

    @Test("a dated or prefixed model id matches its entry; a dated id priced on its own keeps its price; no guesses")
    func matching() {
        let table = ModelPriceTable.bundled
        let expected: [(String, String?)] = [
            ("gpt-4o-2024-08-06", "gpt-4o"), ("gpt-4o-2024-05-13", "gpt-4o-2024-05-13"), ("GPT-4o-Mini", "gpt-4o-mini"),
            ("openai/gpt-4o-mini-2024-07-18", "gpt-4o-mini"), ("claude-sonnet-4-20250514", "claude-sonnet-4"),
            ("claude-3-5-sonnet-20241022", "claude-3-5-sonnet"), ("claude-3-7-sonnet@20250219", "claude-3-7-sonnet"),
            ("gpt-4-0613", "gpt-4"), ("gemini-1.5-pro-002", "gemini-1.5-pro"),
            ("models/gemini-2.0-flash", "gemini-2.0-flash"),
            ("deepseek-chat", "deepseek-chat"), ("mistral-large-2411", "mistral-large-2411"),
            ("gpt-4o-mini-turbo", nil), ("quoting-1", nil), ("", nil), ("-2024-01-01", nil), ("gpt-5-preview-x", nil),
        ]
        for (model, entry) in expected {
            #expect(table.price(for: model)?.model == entry, "\(model)")
        }
    }

    @Test("the cost prices plain, cached and cache-written prompt tokens and the completion apart")
    func arithmetic() throws {
        let price = ModelPrice(
            provider: "p",
            model: "m",
            input: 3,
            output: 15,
            cacheRead: 0.3,
            cacheWrite: 3.75,
            pricesAsOf: "2026-01-01"
        )
        let usage = TokenUsage(
            promptTokens: 1_000_000,
            completionTokens: 100_000,
            cachedTokens: 400_000,
            cacheCreationTokens: 100_000
        )
        let cost = try price.cost(of: usage)
        #expect(abs(cost.prompt - (0.5 * 3 + 0.4 * 0.3 + 0.1 * 3.75)) < 1e-9)
        #expect(abs(cost.completion - 1.5) < 1e-9)
        #expect(abs(cost.total - (cost.prompt + cost.completion)) < 1e-12)
        let uncachedPrice = ModelPrice(provider: "p", model: "m", input: 2, output: 4, pricesAsOf: "2026-01-01")
        let uncached = try uncachedPrice.cost(of: TokenUsage(promptTokens: 10, completionTokens: 0, cachedTokens: 5))
        #expect(
            abs(uncached.prompt - 20e-6) < 1e-15,
            "cached tokens cost the input price where there is no cache price"
        )
        #expect(throws: TokenCostError(kind: .negativeTokenCount(TokenUsage(promptTokens: -1, completionTokens: 2)))) {
            try price.cost(of: TokenUsage(promptTokens: -1, completionTokens: 2))
        }
        let excess = TokenUsage(promptTokens: 5, completionTokens: 1, cachedTokens: 6)
        #expect(throws: TokenCostError(kind: .cachedTokensExceedPrompt(excess))) { try price.cost(of: excess) }
        #expect(throws: TokenCostError(kind: .unknownModel("nobody-1"))) {
            try ModelPriceTable.bundled.cost(model: "nobody-1", usage: usage)
        }
    }

    @Test("an application's table replaces or extends the bundled one, read from a JSON file of the same format")
    func replacing() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prices-\(UUID().uuidString).json")
        try Data(
            #"{"currency":"USD","unit":"per million tokens","models":[{"provider":"acme","model":"acme-1","input":1,"output":2,"cache_read":null,"cache_write":null,"prices_as_of":"2026-12-01"}]}"#
                .utf8
        ).write(to: url)
        let own = try ModelPriceTable(contentsOf: url)
        #expect(own.price(for: "acme-1-2026-12-01")?.output == 2)
        let extended = ModelPriceTable.bundled.adding(
            Array(own.prices.values) + [
                ModelPrice(provider: "openai", model: "gpt-4o", input: 1, output: 1, pricesAsOf: "2027-01-01")
            ]
        )
        #expect(extended.price(for: "acme-1")?.input == 1)
        #expect(extended.price(for: "gpt-4o-2024-08-06")?.pricesAsOf == "2027-01-01")
        #expect(extended.price(for: "claude-opus-4") != nil)
        #expect(throws: TokenCostError(kind: .unsupportedPriceUnit(currency: "EUR", unit: "per million tokens"))) {
            try ModelPriceTable(json: Data(#"{"currency":"EUR","unit":"per million tokens","models":[]}"#.utf8))
        }
        #expect(throws: DecodingError.self) { try ModelPriceTable(json: Data(#"{"models":[{"model":1}]}"#.utf8)) }
    }

    @Test(
        "an LLM end event carries the cost in its response's additional_kwargs, into the export file, the dump shape kept"
    )
    func exported() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cost-\(UUID().uuidString).jsonl")
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("cost")
        let exporter = try JSONLinesExporter(url: url)
        exporter.install(on: dispatcher)
        let usage = TokenUsage(promptTokens: 1000, completionTokens: 200, cachedTokens: 400)
        let model = PricedChatModel(model: "gpt-4o", usage: usage, answeringModel: "gpt-4o-2024-08-06")
            .instrumented(dispatcher: dispatcher)
        let answer = try await model.chat([ChatMessage(role: .user, content: "hi")])
        for try await _ in model.streamChat([ChatMessage(role: .user, content: "hi")]) {}
        exporter.close()

        #expect(answer.cost == nil, "the caller's response is not changed")
        let contents = try JSONLinesReader.read(contentsOf: url)
        let ends = contents.events.compactMap { $0 as? LLMChatEndEvent }
        #expect(ends.count == 2)
        for end in ends {
            let cost = try #require(end.response?.cost)
            #expect(cost.pricedAs == "gpt-4o")
            #expect(abs(cost.prompt - (600 * 2.5 + 400 * 1.25) / 1e6) < 1e-12)
            #expect(abs(cost.completion - 200 * 10 / 1e6) < 1e-12)
            #expect(end.response?.tokenUsage == usage)
        }
        let line = try #require(
            String(contentsOf: url, encoding: .utf8).split(separator: "\n").first { $0.contains("LLMChatEndEvent") }
        )
        let dump = try #require(try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)).objectValue)
        #expect(
            Set(dump.keys) == ["class_name", "id_", "span_id", "timestamp", "tags", "messages", "response", "record"]
        )
        #expect(dump["response"]?["additional_kwargs"]?["cost"]?["currency"] == "USD")
        #expect(hierarchy.logs.entries.isEmpty)
    }

    @Test("an unknown model gets no cost and one notice; a negative token count gets no cost and a warning each time")
    func badInput() async throws {
        let hierarchy = TestHierarchy()
        let (dispatcher, _, events) = hierarchy.observed("cost.bad")
        let unknown = "unknown-model-\(UUID().uuidString)"
        let model = PricedChatModel(model: unknown, usage: TokenUsage(promptTokens: 5, completionTokens: 1))
            .instrumented(dispatcher: dispatcher)
        _ = try await model.chat([])
        _ = try await model.chat([])
        let negative = PricedChatModel(model: "gpt-4o", usage: TokenUsage(promptTokens: 5, completionTokens: -3))
            .instrumented(dispatcher: dispatcher)
        _ = try await negative.chat([])
        _ = try await negative.chat([])

        let ends = events.events.compactMap { $0 as? LLMChatEndEvent }
        #expect(ends.count == 4)
        #expect(ends.allSatisfy { $0.response?.cost == nil && $0.response?.additionalKwargs["cost"] == nil })
        let notices = hierarchy.logs.entries.filter { $0.level == .notice }.map(\.message.description)
        #expect(notices == [TokenCostError(kind: .unknownModel(unknown)).description])
        let warnings = hierarchy.logs.entries.filter { $0.level == .warning }.map(\.message.description)
        #expect(warnings.count == 2)
        #expect(warnings.allSatisfy { $0.contains("a token count is negative (prompt 5, completion -3)") })
    }
}

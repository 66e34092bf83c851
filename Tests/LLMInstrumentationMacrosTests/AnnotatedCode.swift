import LLMInstrumentation
import LLMInstrumentationMacros

// Annotated code as users write it; the runtime tests call it and check what the handlers saw.

/// The dispatcher the annotated code reports to, in a registry of its own. A macro's arguments
/// are evaluated where the function is declared, so the dispatcher is a global; tests running in
/// parallel tell their spans apart by a tag of their own (see `MacroProbe`).
let probeDispatcher = DispatcherRegistry().dispatcher(named: "probe")

struct QuotaExceeded: Error, Equatable, CustomStringConvertible {
    var limit: Int
    var description: String { "quota of \(limit) exceeded" }
}

protocol Shape {
    var area: Double { get }
}

struct Square: Shape {
    var side: Double
    var area: Double { side * side }
}

@Spanned(dispatcher: probeDispatcher)
func add(_ a: Int, to b: Int) -> Int {
    a + b
}

@Spanned(dispatcher: probeDispatcher)
func checkedDivide(_ a: Int, by b: Int) throws -> Int {
    struct DivisionByZero: Error {}
    guard b != 0 else { throw DivisionByZero() }
    return a / b
}

@Spanned(dispatcher: probeDispatcher)
func spend(_ amount: Int, limit: Int) throws(QuotaExceeded) -> Int {
    if amount > limit { throw QuotaExceeded(limit: limit) }
    return limit - amount
}

@Spanned(dispatcher: probeDispatcher)
func fetchTitle(id: Int) async -> String {
    await Task.yield()
    return "title-\(id)"
}

@Spanned("fetch-or-fail", dispatcher: probeDispatcher)
func fetchOrFail(id: Int) async throws -> String {
    await Task.yield()
    if id < 0 { throw QuotaExceeded(limit: id) }
    return "ok-\(id)"
}

@Spanned(dispatcher: probeDispatcher)
func largest<Element: Comparable & Sendable>(of values: [Element]) -> Element? {
    values.max()
}

@Spanned(dispatcher: probeDispatcher)
func double(_ value: inout Int) {
    value *= 2
}

@Spanned(dispatcher: probeDispatcher)
func makeShape(side: Double) -> some Shape {
    Square(side: side)
}

@Spanned(dispatcher: probeDispatcher)
func classify(_ value: Int, log: Log) -> String {
    defer { log.append("classified \(value)") }
    if value < 0 { return "negative" }
    if value == 0 { return "zero" }
    return "positive"
}

@Spanned(dispatcher: probeDispatcher)
func authenticate(user: String, @SpanIgnored password: String) -> Bool {
    password.count > 3 && !user.isEmpty
}

@Spanned(dispatcher: probeDispatcher)
func apply(_ transform: (Int) -> Int, to value: Int) -> Int {
    transform(value)
}

@Spanned
func moduleDefault(marker: String) -> String {
    marker
}

final class Log: @unchecked Sendable {
    private(set) var lines: [String] = []
    func append(_ line: String) { lines.append(line) }
}

class Tokenizer {
    @Spanned(dispatcher: probeDispatcher)
    func tokenize(_ text: String) -> [String] {
        text.split(separator: " ").map(String.init)
    }

    @Spanned(dispatcher: probeDispatcher)
    static func vocabularySize(language: String) -> Int {
        language == "en" ? 50_000 : 30_000
    }
}

final class SubwordTokenizer: Tokenizer {}

struct Accumulator {
    var total = 0

    @Spanned(dispatcher: probeDispatcher)
    mutating func add(_ value: Int) -> Int {
        total += value
        return total
    }
}

enum Mode {
    case fast, careful

    @Spanned(dispatcher: probeDispatcher)
    func budget() -> Int {
        self == .fast ? 1 : 10
    }
}

actor Agent {
    var steps = 0

    @Spanned(dispatcher: probeDispatcher)
    func run(task: String) async throws -> String {
        steps += 1
        let plan = await plan(task)
        let tokens = Tokenizer().tokenize(plan)
        return tokens.joined(separator: "|")
    }

    @Spanned(dispatcher: probeDispatcher)
    func plan(_ task: String) async -> String {
        await Task.yield()
        return "plan for \(task)"
    }
}

@MainActor
final class Screen {
    var rendered = 0

    @Spanned(dispatcher: probeDispatcher)
    func render(frame: Int) async -> Int {
        await Task.yield()
        rendered += 1
        return rendered
    }
}

@Instrumented(dispatcher: probeDispatcher)
final class Pipeline {
    func run(_ question: String) async throws -> String {
        let normalized = normalize(question)
        return try await answer(normalized)
    }

    func normalize(_ text: String) -> String {
        text.lowercased()
    }

    @Spanned(dispatcher: probeDispatcher)
    func answer(_ question: String) async throws -> String {
        if question.isEmpty { throw QuotaExceeded(limit: 0) }
        return "answer to \(question)"
    }

    @NotSpanned
    func cacheKey(_ question: String) -> String {
        "key:" + question
    }

    var label: String { "pipeline" }
}

protocol Summarizer {
    func summarize(_ text: String) -> String
}

@Instrumented
extension String {
    func shouted() -> String {
        uppercased()
    }
}

struct FirstSentenceSummarizer {}

@Instrumented(dispatcher: probeDispatcher)
extension FirstSentenceSummarizer: Summarizer {
    func summarize(_ text: String) -> String {
        text.split(separator: ".").first.map(String.init) ?? text
    }
}

@Spanned(dispatcher: probeDispatcher)
func callModel(prompt: String, apiKey: String, api_token: String) -> Int {
    prompt.count
}

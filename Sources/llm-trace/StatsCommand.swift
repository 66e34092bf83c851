import ArgumentParser
import Foundation
import LLMInstrumentation

/// `llm-trace stats FILE`: per span name, count, errors and p50 / p95 / max duration; per model,
/// calls, tokens, cost and time to first token; the total cost; and the model calls, tokens and
/// cost per session (and, with `--by user`, per user).
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Summarize the spans and model calls of a JSON-lines trace file."
    )

    @Argument(help: "The trace file.")
    var file: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    /// A request-context grouping of the model calls.
    enum Grouping: String, ExpressibleByArgument, CaseIterable {
        case session, user
    }

    @Option(help: "Group the model calls by session or user (repeatable; default: session).")
    var by: [Grouping] = [.session]

    struct SpanStats {
        var durations: [Double] = []
        var errors = 0
    }

    struct ModelStats {
        var calls = 0
        var promptTokens = 0
        var completionTokens = 0
        var cost: Double?
        var timesToFirstToken: [Double] = []

        mutating func add(_ facts: TraceFile.LLMFacts) {
            calls += 1
            promptTokens += facts.promptTokens
            completionTokens += facts.completionTokens
            if let spent = facts.cost { cost = (cost ?? 0) + spent }
        }

        var json: JSONValue {
            [
                "calls": .int(calls), "prompt_tokens": .int(promptTokens), "completion_tokens": .int(completionTokens),
                "cost": cost.map(JSONValue.double) ?? .null,
            ]
        }
    }

    func run() throws {
        let traceFile = try TraceFile(path: file)
        var bySpanName: [String: SpanStats] = [:]
        for span in traceFile.contents.spans {
            bySpanName[span.name, default: SpanStats()].durations.append(span.duration)
            if span.isDropped { bySpanName[span.name, default: SpanStats()].errors += 1 }
        }
        var byModel: [String: ModelStats] = [:]
        let spansByID = Dictionary(
            traceFile.contents.spans.map { ($0.id, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        var groups: [Grouping: [String: ModelStats]] = [:]
        var total = ModelStats()
        for (spanID, facts) in traceFile.llmFacts {
            let model = facts.model ?? "unknown"
            byModel[model, default: ModelStats()].add(facts)
            total.add(facts)
            for grouping in by {
                let span = spansByID[spanID]
                guard let key = grouping == .session ? span?.sessionID : span?.userID else { continue }
                groups[grouping, default: [:]][key, default: ModelStats()].add(facts)
            }
            if let ttft = spansByID[spanID]?.facts["time_to_first_chunk"]?.doubleValue {
                byModel[model, default: ModelStats()].timesToFirstToken.append(ttft)
            }
        }
        if json {
            let spans: [String: JSONValue] = bySpanName.mapValues { stats in
                [
                    "count": .int(stats.durations.count), "errors": .int(stats.errors),
                    "p50": .double(Self.percentile(stats.durations, 0.5)),
                    "p95": .double(Self.percentile(stats.durations, 0.95)),
                    "max": .double(stats.durations.max() ?? 0),
                ]
            }
            let models: [String: JSONValue] = byModel.mapValues { stats in
                var json = stats.json.objectValue ?? [:]
                json["time_to_first_token_p50"] =
                    stats.timesToFirstToken.isEmpty ? .null : .double(Self.percentile(stats.timesToFirstToken, 0.5))
                return .object(json)
            }
            var output: [String: JSONValue] = [
                "spans": .object(spans), "models": .object(models), "total": total.json,
            ]
            for grouping in by {
                output[grouping.rawValue + "s"] = .object((groups[grouping] ?? [:]).mapValues(\.json))
            }
            print(JSONValue.object(output).jsonString())
            return
        }
        print(
            "span".padding(toLength: 34, withPad: " ", startingAt: 0) + "count  errors     p50 ms     p95 ms     max ms"
        )
        for name in bySpanName.keys.sorted() {
            let stats = bySpanName[name]!
            print(
                name.padding(toLength: 34, withPad: " ", startingAt: 0)
                    + String(
                        format: "%5d  %6d  %9.2f  %9.2f  %9.2f",
                        stats.durations.count,
                        stats.errors,
                        Self.percentile(stats.durations, 0.5) * 1000,
                        Self.percentile(stats.durations, 0.95) * 1000,
                        (stats.durations.max() ?? 0) * 1000
                    )
            )
        }
        if !byModel.isEmpty {
            print(
                "\nmodel".padding(toLength: 21, withPad: " ", startingAt: 0)
                    + "calls  prompt tokens  completion tokens         cost  ttft p50 ms"
            )
            for model in byModel.keys.sorted() {
                let stats = byModel[model]!
                let ttft =
                    stats.timesToFirstToken.isEmpty
                    ? "-" : String(format: "%.2f", Self.percentile(stats.timesToFirstToken, 0.5) * 1000)
                print(Self.row(model, stats) + "  " + String(repeating: " ", count: max(0, 11 - ttft.count)) + ttft)
            }
            print(Self.row("total", total))
        }
        for grouping in by {
            guard let group = groups[grouping], !group.isEmpty else { continue }
            print(
                "\n\(grouping.rawValue)".padding(toLength: 21, withPad: " ", startingAt: 0)
                    + "calls  prompt tokens  completion tokens         cost"
            )
            for key in group.keys.sorted() { print(Self.row(key, group[key]!)) }
        }
    }

    /// One line of a model-call table: name, calls, tokens, cost (`-` when none was recorded).
    static func row(_ name: String, _ stats: ModelStats) -> String {
        let cost = stats.cost.map(formattedCost) ?? "-"
        return (name.count < 20 ? name.padding(toLength: 20, withPad: " ", startingAt: 0) : name + " ")
            + String(format: "%5d  %13d  %17d  ", stats.calls, stats.promptTokens, stats.completionTokens)
            + String(repeating: " ", count: max(0, 11 - cost.count)) + cost
    }

    /// The `fraction` percentile of `values` (nearest rank).
    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

import ArgumentParser
import Foundation
import LLMInstrumentation

/// `llm-trace stats FILE`: per span name, count, errors and p50 / p95 / max duration; per model,
/// calls, tokens and time to first token.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Summarize the spans and model calls of a JSON-lines trace file."
    )

    @Argument(help: "The trace file.")
    var file: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    struct SpanStats {
        var durations: [Double] = []
        var errors = 0
    }

    struct ModelStats {
        var calls = 0
        var promptTokens = 0
        var completionTokens = 0
        var timesToFirstToken: [Double] = []
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
        for (spanID, facts) in traceFile.llmFacts {
            let model = facts.model ?? "unknown"
            byModel[model, default: ModelStats()].calls += 1
            byModel[model, default: ModelStats()].promptTokens += facts.promptTokens
            byModel[model, default: ModelStats()].completionTokens += facts.completionTokens
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
                [
                    "calls": .int(stats.calls), "prompt_tokens": .int(stats.promptTokens),
                    "completion_tokens": .int(stats.completionTokens),
                    "time_to_first_token_p50": stats.timesToFirstToken.isEmpty
                        ? .null : .double(Self.percentile(stats.timesToFirstToken, 0.5)),
                ]
            }
            print(JSONValue.object(["spans": .object(spans), "models": .object(models)]).jsonString())
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
                    + "calls  prompt tokens  completion tokens  ttft p50 ms"
            )
            for model in byModel.keys.sorted() {
                let stats = byModel[model]!
                let ttft =
                    stats.timesToFirstToken.isEmpty
                    ? "-" : String(format: "%.2f", Self.percentile(stats.timesToFirstToken, 0.5) * 1000)
                print(
                    model.padding(toLength: 20, withPad: " ", startingAt: 0)
                        + String(format: "%5d  %13d  %17d  ", stats.calls, stats.promptTokens, stats.completionTokens)
                        + String(repeating: " ", count: max(0, 11 - ttft.count)) + ttft
                )
            }
        }
    }

    /// The `fraction` percentile of `values` (nearest rank).
    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

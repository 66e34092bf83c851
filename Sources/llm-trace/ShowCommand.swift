import ArgumentParser
import Foundation
import LLMInstrumentation
import LLMInstrumentationReading

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `llm-trace show FILE`: the trace trees of a file, with durations, status, model, tokens, cost and
/// the first line of each span's input and output; only some traces with `--trace`, `--errors`,
/// `--session` or `--user`.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the trace trees of a JSON-lines trace file."
    )

    @Argument(help: "The trace file.")
    var file: String

    @Option(help: "Show only the trace with this root span id.")
    var trace: String?

    @Flag(help: "Show only traces with a failed span.")
    var errors = false

    @Option(help: "Show only traces with a span of this session (the request context's session.id).")
    var session: String?

    @Option(help: "Show only traces with a span of this user (the request context's user.id).")
    var user: String?

    func run() throws {
        let traceFile = try TraceFile(path: file)
        let renderer = TreeRenderer(facts: traceFile.llmFacts, styled: isatty(STDOUT_FILENO) == 1)
        var spans = traceFile.contents.spans
        if let trace {
            spans = spans.filter { $0.traceID == trace }
            guard !spans.isEmpty else {
                throw TraceFileError(message: "no trace with root span id \(trace) in \(file)")
            }
        }
        if errors {
            let failing = Set(spans.filter(\.isDropped).map(\.traceID))
            spans = spans.filter { failing.contains($0.traceID) }
        }
        if let session {
            spans = Self.traces(of: spans) { $0.sessionID == session }
            guard !spans.isEmpty else { throw TraceFileError(message: "no span of session \(session) in \(file)") }
        }
        if let user {
            spans = Self.traces(of: spans) { $0.userID == user }
            guard !spans.isEmpty else { throw TraceFileError(message: "no span of user \(user) in \(file)") }
        }
        let trees = renderer.render(spans)
        for id in trees.cycleRoots {
            FileHandle.standardError.write(
                Data("llm-trace: span \(id) is in a cycle of parent ids; shown as a root\n".utf8)
            )
        }
        print(trees.text, terminator: "")
    }

    /// The spans of the traces that have a span `matching`.
    static func traces(of spans: [SpanRecord], matching: (SpanRecord) -> Bool) -> [SpanRecord] {
        let traces = Set(spans.filter(matching).map(\.traceID))
        return spans.filter { traces.contains($0.traceID) }
    }
}

/// Draws span records as trees: children under their parent by start time, one line each, at most
/// `TreeDrawing.maxDrawnDepth` levels indented.
struct TreeRenderer {
    let facts: [String: TraceFile.LLMFacts]
    let styled: Bool

    /// The trees of `spans`, a span whose parent is not among them being a root, and the ids of
    /// the spans made roots to break a cycle of parent ids.
    func render(_ spans: [SpanRecord]) -> (text: String, cycleRoots: [String]) {
        let forest = SpanForest(spans.map { ($0.id, $0.parentID, $0.start) }, placeholdersForMissingParents: false)
        let entries = forest.trees.flatMap { $0 }
        let text = TreeDrawing.draw(depths: entries.map(\.depth), glyphs: styled ? .boxDrawing : .ascii) { index in
            guard case .span(let span) = entries[index].node else { return "" }
            return line(for: spans[span])
        }
        return (text, forest.cycleRoots.map { spans[$0].id })
    }

    func line(for span: SpanRecord) -> String {
        var parts = [span.name, String(format: "%.1f ms", span.duration * 1000)]
        let status = span.isDropped ? "FAILED: \(span.error ?? "")" : "ok"
        parts.append(
            styled ? (span.isDropped ? "\u{1B}[31m\(status)\u{1B}[0m" : "\u{1B}[32m\(status)\u{1B}[0m") : status
        )
        if let llm = facts[span.id] {
            if let model = llm.model { parts.append("model=\(model)") }
            if llm.promptTokens + llm.completionTokens > 0 {
                parts.append("tokens=\(llm.promptTokens)+\(llm.completionTokens)")
            }
            if let cost = llm.cost { parts.append("cost=\(formattedCost(cost))") }
        }
        if let input = span.arguments.sorted(by: { $0.key < $1.key }).first {
            parts.append("in: \(input.key)=\(Self.firstLine(of: input.value))")
        }
        if let result = span.result, result != .null {
            parts.append("out: \(Self.firstLine(of: result))")
        }
        return parts.joined(separator: "  ")
    }

    static func firstLine(of value: JSONValue) -> String {
        // A model response is shown by its message's text.
        let text = value.messageText ?? value.stringValue ?? value.jsonString()
        let line = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        return line.count > 60 ? String(line.prefix(57)) + "..." : line
    }
}

import ArgumentParser
import Foundation
import LLMInstrumentation
import LLMInstrumentationReading

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `llm-trace show FILE`: the trace trees of a file, with durations, status, model, tokens and the
/// first line of each span's input and output.
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

    func run() throws {
        let traceFile = try TraceFile(path: file)
        let renderer = TreeRenderer(facts: traceFile.llmFacts, styled: isatty(STDOUT_FILENO) == 1)
        var spans = traceFile.contents.spans
        if let trace {
            spans = spans.filter { $0.traceID == trace }
            guard !spans.isEmpty else { throw TraceFileError(message: "no trace with root span id \(trace) in \(file)") }
        }
        if errors {
            let failing = Set(spans.filter(\.isDropped).map(\.traceID))
            spans = spans.filter { failing.contains($0.traceID) }
        }
        print(renderer.render(spans), terminator: "")
    }
}

/// Draws span records as trees: children under their parent by start time, one line each.
struct TreeRenderer {
    let facts: [String: TraceFile.LLMFacts]
    let styled: Bool

    func render(_ spans: [SpanRecord]) -> String {
        let ids = Set(spans.map(\.id))
        var children: [String: [SpanRecord]] = [:]
        var roots: [SpanRecord] = []
        for span in spans.sorted(by: { $0.start < $1.start }) {
            if let parent = span.parentID, ids.contains(parent) {
                children[parent, default: []].append(span)
            } else {
                roots.append(span)
            }
        }
        var lines: [String] = []
        func walk(_ span: SpanRecord, prefix: String, connector: String) {
            lines.append(prefix + connector + line(for: span))
            let kids = children[span.id] ?? []
            let childPrefix = prefix + (connector.isEmpty ? "" : (connector == glyphs.last ? glyphs.blank : glyphs.bar))
            for (index, child) in kids.enumerated() {
                walk(child, prefix: childPrefix, connector: index == kids.count - 1 ? glyphs.last : glyphs.branch)
            }
        }
        for root in roots {
            walk(root, prefix: "", connector: "")
        }
        return lines.map { $0 + "\n" }.joined()
    }

    var glyphs: (branch: String, last: String, bar: String, blank: String) {
        styled ? ("├── ", "└── ", "│   ", "    ") : ("|-- ", "`-- ", "|   ", "    ")
    }

    func line(for span: SpanRecord) -> String {
        var parts = [span.name, String(format: "%.1f ms", span.duration * 1000)]
        let status = span.isDropped ? "FAILED: \(span.error ?? "")" : "ok"
        parts.append(styled ? (span.isDropped ? "\u{1B}[31m\(status)\u{1B}[0m" : "\u{1B}[32m\(status)\u{1B}[0m") : status)
        if let llm = facts[span.id] {
            if let model = llm.model { parts.append("model=\(model)") }
            if llm.promptTokens + llm.completionTokens > 0 {
                parts.append("tokens=\(llm.promptTokens)+\(llm.completionTokens)")
            }
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

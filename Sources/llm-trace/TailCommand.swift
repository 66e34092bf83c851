import ArgumentParser
import Foundation
import LLMInstrumentation
import LLMInstrumentationReading

/// `llm-trace tail FILE`: follows a trace file that a running program writes, printing each event
/// and finished span as it arrives. Stops with Ctrl-C.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Follow a JSON-lines trace file, printing events and spans as they come."
    )

    @Argument(help: "The trace file.")
    var file: String

    func run() async throws {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw TraceFileError(message: "cannot read \(file): no such file")
        }
        var pending = Data()
        var lineNumber = 0
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty {
                try await Task.sleep(for: .milliseconds(200))
                continue
            }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[pending.startIndex..<newline]
                pending.removeSubrange(pending.startIndex...newline)
                lineNumber += 1
                let contents = JSONLinesReader.read(Data(line))
                var lines: [String] = []
                for event in contents.events {
                    let kind = (event as? RecordedEvent)?.recordedClassName ?? event.className
                    lines.append("event \(kind) span=\(event.spanID ?? "-")")
                }
                for span in contents.spans {
                    lines.append(
                        "span  \(span.name) \(String(format: "%.1f ms", span.duration * 1000)) \(span.isDropped ? "FAILED" : "ok")"
                    )
                }
                // Written at once, unbuffered, so that a pipe sees each record as it comes.
                if !lines.isEmpty {
                    FileHandle.standardOutput.write(Data(lines.map { $0 + "\n" }.joined().utf8))
                }
                for problem in contents.problems {
                    FileHandle.standardError.write(
                        Data("llm-trace: skipping line \(lineNumber): \(problem.reason)\n".utf8)
                    )
                }
            }
        }
    }
}

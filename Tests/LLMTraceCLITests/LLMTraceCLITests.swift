import Foundation
import LLMInstrumentation
import LLMInstrumentationReading
import Testing

/// An event the tail test appends to a live file.
struct DocumentMarker: Event {
    var text: String
    var metadata = EventMetadata(spanID: nil)
}

/// Runs the real `llm-trace` executable as a subprocess against real files.
@Suite("llm-trace command line")
struct LLMTraceCLITests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// The `llm-trace` binary built beside the test bundle.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("llm-trace")
    }

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self)
        )
    }

    func temporaryFile(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("llm-trace-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name)
    }

    /// A small trace with fixed times: a query whose chat call succeeds and whose tool call fails.
    func writeKnownTrace(to url: URL) throws {
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        func time(_ milliseconds: Double) -> String {
            ISO8601Timestamp.format(base.addingTimeInterval(milliseconds / 1000))
        }
        let root = "Pipeline.query-11111111-1111-1111-1111-111111111111"
        let chat = "Chat.chat-22222222-2222-2222-2222-222222222222"
        let tool = "Tool.call-33333333-3333-3333-3333-333333333333"
        func span(
            _ id: String,
            parent: String?,
            start: Double,
            end: Double,
            status: String,
            error: String?,
            arguments: [String: JSONValue],
            result: JSONValue
        ) -> JSONValue {
            [
                "record": "span", "id": .string(id), "name": .string(String(id.prefix(while: { $0 != "-" }))),
                "parent_id": parent.map(JSONValue.string) ?? .null, "trace_id": .string(root),
                "start": .string(time(start)), "end": .string(time(end)), "duration": .double((end - start) / 1000),
                "status": .string(status), "error": error.map(JSONValue.string) ?? .null, "tags": [:],
                "arguments": .object(arguments), "result": result,
            ]
        }
        func event(_ event: some Event) throws -> JSONValue {
            var fields = try event.jsonValue().objectValue ?? [:]
            fields["record"] = "event"
            return .object(fields)
        }
        let metadata = EventMetadata(id: "e1", timestamp: base, spanID: chat)
        var response = ChatResponse(message: ChatMessage(role: .assistant, content: "Hello"))
        response.tokenUsage = TokenUsage(promptTokens: 10, completionTokens: 5)
        let lines: [JSONValue] = [
            try event(LLMChatStartEvent(messages: [], modelDict: ["model": "m1"], metadata: metadata)),
            try event(LLMChatEndEvent(messages: [], response: response, metadata: metadata)),
            span(
                chat,
                parent: root,
                start: 1,
                end: 6,
                status: "ok",
                error: nil,
                arguments: ["prompt": "Hi"],
                result: "Hello"
            ),
            span(
                tool,
                parent: root,
                start: 7,
                end: 9,
                status: "dropped",
                error: "boom",
                arguments: ["arguments": "{}"],
                result: .null
            ),
            span(
                root,
                parent: nil,
                start: 0,
                end: 10,
                status: "ok",
                error: nil,
                arguments: ["question": "What?"],
                result: "Answer."
            ),
        ]
        try (lines.map { $0.jsonString() }.joined(separator: "\n") + "\n").write(
            to: url,
            atomically: true,
            encoding: .utf8
        )
    }

    @Test("show prints the trace tree with durations, status, model, tokens and first lines")
    func show() throws {
        let file = try temporaryFile("known.jsonl")
        try writeKnownTrace(to: file)
        let result = try run(["show", file.path])
        #expect(result.status == 0)
        #expect(
            result.output == """
                Pipeline.query  10.0 ms  ok  in: question=What?  out: Answer.
                |-- Chat.chat  5.0 ms  ok  model=m1  tokens=10+5  in: prompt=Hi  out: Hello
                `-- Tool.call  2.0 ms  FAILED: boom  in: arguments={}

                """
        )
        let failing = try run(["show", file.path, "--errors"])
        #expect(failing.output == result.output, "the only trace has a failed span")
        let missing = try run(["show", file.path, "--trace", "nope"])
        #expect(missing.status != 0)
        #expect(missing.errors.contains("no trace with root span id nope"))
    }

    @Test("show draws a 10,000-deep chain in text linear in the spans, and spans whose parent ids form a cycle")
    func showDeepChainAndCycles() throws {
        let file = try temporaryFile("deep.jsonl")
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        func span(_ id: String, name: String, parent: String?, at index: Int) -> String {
            let start = ISO8601Timestamp.format(base.addingTimeInterval(Double(index) / 1000))
            let parent = parent.map { "\"\($0)\"" } ?? "null"
            return
                #"{"record":"span","id":"\#(id)","name":"\#(name)","parent_id":\#(parent),"start":"\#(start)","duration":0.001,"status":"ok"}"#
        }
        let count = 10_000
        var lines = (0..<count).map {
            span("step-\($0)", name: "step", parent: $0 == 0 ? nil : "step-\($0 - 1)", at: $0)
        }
        lines += [
            span("loop-a", name: "a", parent: "loop-b", at: count),
            span("loop-b", name: "b", parent: "loop-a", at: count + 1),
            span("self-1", name: "self", parent: "self-1", at: count + 2),
        ]
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)

        let result = try run(["show", file.path])
        #expect(result.status == 0)
        let shown = result.output.split(separator: "\n").map(String.init)
        #expect(shown.count == count + 3, "every span once")
        #expect(
            result.output.utf8.count < 200 * (count + 3),
            "the text is linear in the spans, not quadratic in the depth"
        )
        #expect(shown.first == "step  1.0 ms  ok")
        #expect(
            shown.dropFirst(count - 1).first == String(repeating: "    ", count: 31)
                + "`-- [depth 9999] step  1.0 ms  ok"
        )
        #expect(Array(shown.suffix(3)) == ["a  1.0 ms  ok", "`-- b  1.0 ms  ok", "self  1.0 ms  ok"])
        #expect(result.errors.contains("span loop-a is in a cycle of parent ids; shown as a root"))
        #expect(result.errors.contains("span self-1 is in a cycle of parent ids; shown as a root"))
    }

    @Test("stats prints per span name and per model figures, as a table or as JSON")
    func stats() throws {
        let file = try temporaryFile("known.jsonl")
        try writeKnownTrace(to: file)
        let table = try run(["stats", file.path])
        #expect(table.status == 0)
        #expect(
            table.output == """
                span                              count  errors     p50 ms     p95 ms     max ms
                Chat.chat                             1       0       5.00       5.00       5.00
                Pipeline.query                        1       0      10.00      10.00      10.00
                Tool.call                             1       1       2.00       2.00       2.00

                model               calls  prompt tokens  completion tokens         cost  ttft p50 ms
                m1                      1             10                  5            -            -
                total                   1             10                  5            -

                """
        )
        let json = try run(["stats", file.path, "--json"])
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.output.utf8))
        #expect(value["spans"]?["Tool.call"]?["errors"] == 1)
        #expect(value["models"]?["m1"]?["prompt_tokens"] == 10)
    }

    @Test("the demo writes a trace file that show and stats read")
    func demoFile() throws {
        let file = try temporaryFile("demo.jsonl")
        let demo = try run(["demo", "--output", file.path])
        #expect(demo.status == 0)
        #expect(demo.output.contains("trace trees"))
        let contents = try JSONLinesReader.read(contentsOf: file)
        #expect(contents.problems.isEmpty)
        #expect(contents.spans.count == 18, "10 spans for the first question and its agent step, 8 for the second")
        #expect(contents.spans.filter(\.isDropped).count == 4)
        let show = try run(["show", file.path])
        #expect(show.status == 0)
        #expect(show.output.contains("QuotingChatModel.streamChat"))
        #expect(show.output.contains("model=quoting-1  tokens=34+18  cost=$0.000044"), "at the demo's made-up price")
        let stats = try run(["stats", file.path])
        #expect(stats.output.contains("WordCountTool.call"))
        #expect(stats.output.contains("\ndemo-chat               2             34                 18    $0.000044\n"))
    }

    @Test("tail prints records as a running program appends them")
    func tail() throws {
        let file = try temporaryFile("live.jsonl")
        try Data().write(to: file)
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["tail", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // If tail never prints, the test fails instead of hanging: the process is stopped after 30 s.
        let watchdog = DispatchWorkItem { process.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        defer {
            watchdog.cancel()
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }

        let writer = try FileHandle(forWritingTo: file)
        let line = try JSONValue.object(
            (DocumentMarker(text: "first").jsonValue().objectValue ?? [:]).merging(["record": "event"]) { _, new in new
            }
        ).jsonString()
        writer.write(Data((line + "\n").utf8))
        var seen = ""
        while !seen.contains("event DocumentMarker") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        #expect(seen.contains("event DocumentMarker span=-"))
        try writer.close()
    }

    @Test("missing, empty and foreign files are clear errors with a non-zero exit")
    func badFiles() throws {
        let empty = try temporaryFile("empty.jsonl")
        try Data().write(to: empty)
        let foreign = try temporaryFile("notes.txt")
        try "hello\n".write(to: foreign, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["show", empty.deletingLastPathComponent().appendingPathComponent("missing.jsonl").path], "cannot read"),
            (["stats", empty.path], "is empty"),
            (["show", foreign.path], "is not a trace file"),
            (["bogus"], "Unexpected argument"),
        ]
        for (arguments, message) in cases {
            let result = try run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.errors.contains(message), "\(arguments): \(result.errors)")
        }
    }
}

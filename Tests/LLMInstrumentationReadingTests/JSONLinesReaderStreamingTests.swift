import Foundation
import Testing

@testable import LLMInstrumentation
@testable import LLMInstrumentationReading

/// The reader reads files in chunks and hands records over one line at a time: lines that
/// straddle chunks, files without a final newline and very long lines read as they do in memory.
@Suite("JSON-lines reader: streaming a file gives what reading it in memory gives")
struct JSONLinesReaderStreamingTests {
    private func temporaryFile(_ data: Data) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reader-\(UUID().uuidString).jsonl")
        try data.write(to: url)
        return url
    }

    /// A description of every record, to compare two readings.
    private func summary(_ records: [JSONLinesReader.Record]) -> [String] {
        records.map { record in
            switch record {
            case .event(let event):
                return "event \(event.className) \(event.id) \((try? event.jsonValue().jsonString()) ?? "?")"
            case .span(let span):
                return "span \(span.id) \(span.parentID ?? "-") \(span.start) \(span.duration) \(span.arguments)"
            case .problem(let problem): return "problem \(problem)"
            }
        }
    }

    @Test("a file of more than 4 MiB, its lines across chunk boundaries, reads record for record as in memory")
    func chunkBoundaries() throws {
        var text = ""
        var index = 0
        while text.utf8.count < 9 << 20 {
            index += 1
            let padding = String(repeating: "é", count: index % 700)
            switch index % 5 {
            case 0:
                text +=
                    #"{"record":"span","id":"S.run-\#(index)","start":"2025-01-01T00:00:00.000001Z","duration":0.5,"arguments":{"pad":"\#(padding)"}}"#
            case 1:
                text +=
                    #"{"record":"event","class_name":"CustomEvent","id_":"e\#(index)","timestamp":"2025-01-01T00:00:00Z","span_id":null,"pad":"\#(padding)"}"#
            case 2: text += "  \r"
            case 3:
                text +=
                    #"{"record":"event","class_name":"SpanDropEvent","id_":"d\#(index)","timestamp":"2025-01-01T00:00:00Z","err_str":"boom"}"#
                    + "\r"
            default: text += #"{"record": broken \#(padding)"#
            }
            text += "\n"
        }
        text += #"{"record":"span","id":"last-1","start":"2025-01-01T00:00:00Z"}"#  // no final newline
        let data = Data(text.utf8)
        let url = try temporaryFile(data)
        defer { try? FileManager.default.removeItem(at: url) }

        var streamed: [JSONLinesReader.Record] = []
        try JSONLinesReader.forEachRecord(contentsOf: url) { streamed.append($0) }
        var inMemory: [JSONLinesReader.Record] = []
        JSONLinesReader.forEachRecord(in: data) { inMemory.append($0) }

        #expect(streamed.count == inMemory.count)
        #expect(summary(streamed) == summary(inMemory))
        let contents = try JSONLinesReader.read(contentsOf: url)
        #expect(contents.spans.count == index / 5 + 1)
        #expect(contents.spans.last?.id == "last-1")
        #expect(contents.events.count == (index + 4) / 5 + (index + 2) / 5)
        #expect(contents.problems.count == (index + 1) / 5)
        #expect(contents.problems.first?.line == 4)
        #expect(
            contents.problems.first?.reason.hasPrefix(
                "not JSON (corrupt or truncated line): invalid character 'b' at byte 11"
            ) == true
        )
    }

    @Test("a line longer than a chunk is read whole, and an empty file or a lone newline hold nothing")
    func longLinesAndEmptyFiles() throws {
        let long = String(repeating: "x", count: 10 << 20)
        let text =
            #"{"record":"event","class_name":"CustomEvent","id_":"e","timestamp":"2025-01-01T00:00:00Z","text":"\#(long)"}"#
            + "\nnot json\n"
        let url = try temporaryFile(Data(text.utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        let contents = try JSONLinesReader.read(contentsOf: url)
        #expect((contents.events.first as? RecordedEvent)?.fields["text"]?.stringValue?.utf8.count == long.utf8.count)
        #expect(contents.problems.map(\.line) == [2])

        for empty in ["", "\n", "\n\n \n"] {
            let url = try temporaryFile(Data(empty.utf8))
            defer { try? FileManager.default.removeItem(at: url) }
            var count = 0
            try JSONLinesReader.forEachRecord(contentsOf: url) { _ in count += 1 }
            #expect(count == 0)
        }
    }

    @Test("a file that cannot be opened is an error before any record")
    func missingFile() {
        var count = 0
        #expect(throws: JSONLinesReadError.self) {
            try JSONLinesReader.forEachRecord(contentsOf: URL(fileURLWithPath: "/nonexistent/trace.jsonl")) { _ in
                count += 1
            }
        }
        #expect(count == 0)
    }

    @Test(
        "the record field is removed from events; spans read their members; invalid UTF-8 anywhere in a bad line says so"
    )
    func recordShapes() throws {
        let lines = [
            #"{"record":"event","class_name":"CustomEvent","id_":"e","timestamp":"2025-01-01T00:00:00Z","n":1}"#,
            #"{"record":"span","id":"S.run-1","parent_id":"P-2","trace_id":"T-3","start":"2025-01-01T00:00:00Z","end":"2025-01-01T00:00:01.5Z","duration":1.5,"status":"dropped","error":"e","tags":{"a":1},"arguments":{"b":[1]},"result":{"c":null},"facts":{"chunks":3}}"#,
        ]
        var data = Data(lines.joined(separator: "\n").utf8)
        data.append(contentsOf: [0x0A, 0x7B, 0x20, 0x7D, 0x7D, 0xFF])  // "{ }}" and a byte that is never UTF-8
        let contents = JSONLinesReader.read(data)
        let event = try #require(contents.events.first as? RecordedEvent)
        #expect(event.fields == ["n": 1])
        let span = try #require(contents.spans.first)
        #expect(
            span.name == SpanName.name(ofID: "S.run-1") && span.parentID == "P-2" && span.traceID == "T-3"
                && span.isDropped && span.error == "e"
        )
        #expect(span.end?.timeIntervalSince(span.start) == 1.5)
        #expect(
            span.tags == ["a": 1] && span.arguments == ["b": [1]] && span.result == ["c": nil]
                && span.facts == ["chunks": 3]
        )
        #expect(contents.problems == [JSONLinesReader.Problem(line: 3, reason: "not valid UTF-8")])
    }
}

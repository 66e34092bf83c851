import Foundation
import LLMInstrumentationReading
import Testing

@testable import LLMInstrumentation

@Suite("JSON-lines export to real files")
struct JSONLinesExportTests {
    func temporaryFile(_ name: String = "trace.jsonl") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "llm-instrumentation-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name)
    }

    @Test("everything written by 4 concurrent writers reads back: ids, parents, traces, durations, payloads")
    func roundTripUnderConcurrency() async throws {
        let url = try temporaryFile()
        let dispatcher = TestHierarchy().dispatcher("export.concurrent")
        let exporter = try JSONLinesExporter(url: url)
        exporter.install(on: dispatcher)

        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for index in 0..<125 {
                        await dispatcher.span("request", arguments: ["writer": writer, "index": index]) {
                            () async -> Void in
                            dispatcher.event(DocumentIndexedEvent(documentID: "\(writer)-\(index)", chunkCount: index))
                            _ = try? dispatcher.span("step") { () throws -> Int in
                                dispatcher.event(
                                    DocumentIndexedEvent(documentID: "\(writer)-\(index)-step", chunkCount: 0)
                                )
                                if index % 25 == 0 { throw TestError(message: "step \(index) failed") }
                                return index * 2
                            }
                        }
                    }
                }
            }
        }
        dispatcher.shutdown()
        #expect(exporter.droppedRecordCount == 0)

        let contents = try JSONLinesReader.read(contentsOf: url)
        #expect(contents.problems.isEmpty)
        #expect(contents.spans.count == 1000)
        let documentEvents = contents.events.compactMap { $0 as? RecordedEvent }.filter {
            $0.recordedClassName == "DocumentIndexedEvent"
        }
        #expect(documentEvents.count == 1000)
        #expect(contents.events.filter { $0 is SpanDropEvent }.count == 20)

        let byID = Dictionary(uniqueKeysWithValues: contents.spans.map { ($0.id, $0) })
        #expect(byID.count == 1000)
        for event in contents.events {
            #expect(event.spanID.map { byID[$0] != nil } == true, "every event's span was exported")
        }
        let steps = contents.spans.filter { $0.name == "step" }
        #expect(steps.count == 500)
        for step in steps {
            let parent = try #require(step.parentID.flatMap { byID[$0] })
            #expect(parent.name == "request")
            #expect(step.traceID == parent.id)
            // An end is its start (wall clock) plus a monotonic duration: a child may end after its
            // parent by the two clocks' rounding and slewing between the starts, never by more.
            let parentEnd = try #require(parent.end)
            #expect(step.start >= parent.start && (step.end ?? .distantFuture) <= parentEnd.addingTimeInterval(0.001))
        }
        #expect(steps.filter(\.isDropped).count == 20)
        #expect(steps.filter(\.isDropped).allSatisfy { $0.error?.hasSuffix("failed") == true })
        #expect(steps.filter { !$0.isDropped }.allSatisfy { $0.result?.intValue != nil })
        let requests = contents.spans.filter { $0.name == "request" }
        #expect(requests.allSatisfy { $0.parentID == nil && $0.traceID == $0.id && $0.arguments["writer"] != nil })
        #expect(Set(requests.compactMap { $0.arguments["writer"]?.intValue }) == [0, 1, 2, 3])
    }

    @Test("a full buffer drops the oldest unwritten records and counts them exactly")
    func overflowCountsDrops() throws {
        let url = try temporaryFile()
        let exporter = try JSONLinesExporter(url: url, capacity: 10, maximumValueLength: 100, startsWriting: false)
        for index in 0..<25 {
            exporter.eventHandler.handle(DocumentIndexedEvent(documentID: "doc-\(index)", chunkCount: index))
        }
        #expect(exporter.droppedRecordCount == 15)
        exporter.close()
        exporter.close()
        let contents = try JSONLinesReader.read(contentsOf: url)
        let ids = contents.events.compactMap { ($0 as? RecordedEvent)?.fields["document_id"]?.stringValue }
        #expect(ids == (15..<25).map { "doc-\($0)" }, "the newest are kept, in order")
        #expect(contents.problems.isEmpty)
    }

    @Test("records reach the file within the flush interval without flush(), and in full batches before it")
    func flushInterval() async throws {
        let url = try temporaryFile()
        let dispatcher = TestHierarchy().dispatcher("export.interval")
        let exporter = try JSONLinesExporter(url: url, flushInterval: .milliseconds(50))
        defer { exporter.close() }
        exporter.install(on: dispatcher)
        func linesInFile() throws -> Int {
            try Data(contentsOf: url).reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        }
        // Generous deadlines: the test pins that records arrive without flush(), not how fast on a
        // loaded machine (the interval itself is 50 ms).
        let deadline = Duration.seconds(120)
        // One span: written once the interval has passed, with nobody calling flush().
        let start = ContinuousClock.now
        _ = dispatcher.span("one") { 1 }
        while try linesInFile() < 1 {
            #expect(ContinuousClock.now - start < deadline, "the record never reached the file")
            if ContinuousClock.now - start >= deadline { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        // The interval is an upper bound, not a delay for every record: a burst of a few thousand
        // spans is written in full batches as it comes.
        for index in 0..<5_000 { _ = dispatcher.span("burst") { index } }
        while try linesInFile() < 5_001 {
            #expect(ContinuousClock.now - start < deadline, "the burst never reached the file")
            if ContinuousClock.now - start >= deadline { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(exporter.droppedRecordCount == 0)
    }

    @Test("long arguments and results are cut at the configured size")
    func truncation() throws {
        let url = try temporaryFile()
        let dispatcher = TestHierarchy().dispatcher("export.truncation")
        let exporter = try JSONLinesExporter(url: url, maximumValueLength: 32)
        exporter.install(on: dispatcher)
        let long = String(repeating: "x", count: 1_000)
        _ = dispatcher.span("summarize", arguments: ["text": long, "short": "ok"]) { long }
        exporter.close()
        let span = try #require(try JSONLinesReader.read(contentsOf: url).spans.first)
        #expect(span.arguments["short"] == "ok")
        let cut = try #require(span.arguments["text"]?.stringValue)
        #expect(cut.hasPrefix(String(repeating: "x", count: 10)))
        #expect(cut.contains("truncated"))
        #expect(cut.count < 80)
        #expect(span.result?.stringValue?.contains("truncated") == true)
    }

    @Test("corrupt, truncated and invalid lines are reported by number and skipped; the rest is read")
    func corruptFiles() throws {
        let url = try temporaryFile()
        let dispatcher = TestHierarchy().dispatcher("export.corrupt")
        let exporter = try JSONLinesExporter(url: url)
        exporter.install(on: dispatcher)
        dispatcher.span("one") { dispatcher.event(DocumentIndexedEvent(documentID: "a", chunkCount: 1)) }
        exporter.close()
        var data = try Data(contentsOf: url)
        let goodLines = data.split(separator: UInt8(ascii: "\n")).count
        data.append(contentsOf: Array(#"{"record": "span", "id": "half"#.utf8) + [UInt8(ascii: "\n")])
        data.append(contentsOf: [0xFF, 0xFE, 0x7B, UInt8(ascii: "\n")])
        data.append(contentsOf: Array(#"{"hello": "world"}"#.utf8) + [UInt8(ascii: "\n")])
        data.append(
            contentsOf: Array(
                #"{"record": "event", "class_name": "LLMPredictEndEvent", "id_": "x", "timestamp": "2025-01-01T00:00:00Z"}"#
                    .utf8
            )
        )
        try data.write(to: url)

        let contents = try JSONLinesReader.read(contentsOf: url)
        #expect(contents.spans.count == 1)
        #expect(contents.events.count == 1)
        #expect(contents.problems.map(\.line) == [goodLines + 1, goodLines + 2, goodLines + 3, goodLines + 4])
        #expect(contents.problems[0].reason.contains("not JSON"))
        #expect(contents.problems[1].reason == "not valid UTF-8")
        #expect(contents.problems[2].reason.contains("not a trace record"))
        #expect(contents.problems[3].reason.contains("LLMPredictEndEvent"))
    }

    @Test("an empty file reads as nothing; a missing file and an unwritable path are clear errors")
    func emptyAndMissing() throws {
        let url = try temporaryFile()
        try Data().write(to: url)
        let contents = try JSONLinesReader.read(contentsOf: url)
        #expect(contents.spans.isEmpty && contents.events.isEmpty && contents.problems.isEmpty)
        #expect(throws: JSONLinesReadError.self) {
            try JSONLinesReader.read(contentsOf: url.appendingPathExtension("missing"))
        }
        #expect(throws: JSONLinesExportError.self) {
            try JSONLinesExporter(url: URL(fileURLWithPath: "/nonexistent-folder/trace.jsonl"))
        }
    }
}

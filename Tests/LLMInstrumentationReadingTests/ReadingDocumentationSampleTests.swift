import Foundation
import LLMInstrumentation
import LLMInstrumentationReading
import Testing

// The code of Sources/LLMInstrumentationReading/LLMInstrumentationReading.docc, compiled and run
// (`DocumentationSnippetTests` checks that the catalog's blocks stand here line for line).

struct ReadingSampleError: Error, CustomStringConvertible {
    var description: String { "index offline" }
}

@Suite("The reading documentation's samples")
struct ReadingDocumentationSampleTests {
    @Test("reading a trace file: dropped spans, chat answers and bad lines")
    func readingATraceFile() throws {
        let traceFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sample-\(UUID().uuidString).jsonl"
        )
        defer { try? FileManager.default.removeItem(at: traceFile) }
        let dispatcher = DispatcherRegistry().dispatcher(named: "ReadingSample")
        try JSONLinesExporter(url: traceFile).install(on: dispatcher)
        let answer = ChatResponse(message: ChatMessage(role: .assistant, content: "A language."))
        dispatcher.event(LLMChatEndEvent(messages: [], response: answer))
        #expect(throws: ReadingSampleError.self) {
            try dispatcher.span("retrieve") { () throws(ReadingSampleError) in throw ReadingSampleError() }
        }
        dispatcher.shutdown()
        let handle = try FileHandle(forWritingTo: traceFile)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"record\": broken\n".utf8))
        try handle.close()

        let contents = try JSONLinesReader.read(contentsOf: traceFile)
        for span in contents.spans where span.isDropped {
            print("\(span.name) failed after \(span.duration) s: \(span.error ?? "")")
        }
        for case let end as LLMChatEndEvent in contents.events {
            print(end.response?.message.content ?? "")
        }
        for problem in contents.problems {
            print(problem)  // "line 12: not JSON (corrupt or truncated line): ..."
        }

        #expect(contents.spans.filter(\.isDropped).map(\.name) == ["retrieve"])
        #expect(contents.events.compactMap { ($0 as? LLMChatEndEvent)?.response?.message.content } == ["A language."])
        #expect(contents.problems.count == 1)
    }

    @Test("a registered custom event decodes to its own type")
    func decodingACustomEvent() throws {
        let line =
            #"{"class_name": "CacheMissEvent", "id_": "e-1", "timestamp": "2025-01-02T03:04:05.000001Z", "span_id": null, "tags": {}, "key": "k-1", "shard": 3}"#

        struct CacheMissEvent: Event, Decodable {
            var key: String
            var shard: Int?
            var metadata = EventMetadata()
        }

        EventDecoding.register(CacheMissEvent.self)
        let event = try EventDecoding.decode(jsonString: line)  // a CacheMissEvent for its class_name

        let decoded = try #require(event as? CacheMissEvent)
        #expect(decoded.key == "k-1")
        #expect(decoded.shard == 3)
        #expect(decoded.id == "e-1")
        #expect(try CacheMissEvent(key: "k-2").jsonValue().objectValue?["shard"] == .null)
    }
}

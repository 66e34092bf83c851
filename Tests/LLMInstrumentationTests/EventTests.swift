import Foundation
import LLMInstrumentationReading
import Testing

@testable import LLMInstrumentation

struct LLMCallFinished: Event {
    var modelName: String
    var promptTokens: Int
    var latencySeconds: Double
    var finishedAt: Date
    var additionalKwargs: [String: JSONValue]
    var stopReason: String?
    var metadata = EventMetadata()
}

@Suite("Events")
struct EventTests {
    @Test("every event has an id, a timestamp, its span id, tags and a class name")
    func baseFields() throws {
        let before = Date()
        let event = ActiveSpanContext(spanID: "Pipeline.run-1", tags: ["user": "u1"]).run {
            DocumentIndexedEvent(documentID: "doc-1", chunkCount: 3)
        }
        #expect(event.id.count == 36)
        #expect(event.id != DocumentIndexedEvent(documentID: "doc-1", chunkCount: 3).id)
        #expect(event.timestamp >= before && event.timestamp <= Date())
        #expect(event.spanID == "Pipeline.run-1")
        #expect(event.tags == ["user": "u1"])
        #expect(event.className == "DocumentIndexedEvent")
        #expect(DocumentIndexedEvent.className == "DocumentIndexedEvent")
    }

    @Test("ids are unique across many events")
    func uniqueIDs() {
        let ids = (0..<10_000).map { _ in EventMetadata().id }
        #expect(Set(ids).count == 10_000)
        #expect(ids.allSatisfy { $0.utf8.count == 36 && $0.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12] })
    }

    @Test("an event encodes to the reference's dump shape with snake_case keys")
    func dumpShape() throws {
        let finishedAt = Date(timeIntervalSince1970: 1_764_100_000.25)
        let event = ActiveSpanContext(spanID: "LLM.chat-abc", tags: ["tenantID": "t-9"]).run {
            LLMCallFinished(
                modelName: "fake-gpt",
                promptTokens: 12,
                latencySeconds: 0.5,
                finishedAt: finishedAt,
                additionalKwargs: ["topP": 0.9, "userID": "keep-me"],
                stopReason: nil
            )
        }
        let dump = try #require(try event.jsonValue().objectValue)
        #expect(
            Set(dump.keys) == [
                "model_name", "prompt_tokens", "latency_seconds", "finished_at", "additional_kwargs", "stop_reason",
                "id_", "span_id", "timestamp", "tags", "class_name",
            ]
        )
        #expect(
            dump["stop_reason"] == .null,
            "an absent optional is written as null, as the reference writes every field"
        )
        #expect(dump["model_name"] == "fake-gpt")
        #expect(dump["prompt_tokens"] == 12)
        #expect(dump["latency_seconds"] == 0.5)
        #expect(dump["finished_at"] == "2025-11-25T19:46:40.250000Z")
        #expect(
            dump["additional_kwargs"] == ["topP": 0.9, "userID": "keep-me"],
            "dictionary keys are data and stay as written"
        )
        #expect(dump["id_"] == .string(event.id))
        #expect(dump["span_id"] == "LLM.chat-abc")
        #expect(dump["tags"] == ["tenantID": "t-9"])
        #expect(dump["class_name"] == "LLMCallFinished")
        let timestamp = try #require(dump["timestamp"]?.stringValue)
        #expect(
            ISO8601Timestamp.parse(timestamp).map { abs($0.timeIntervalSince(event.timestamp)) < 0.000_001 } == true
        )
    }

    @Test("SpanDropEvent dumps its error as err_str, and a missing span id as null")
    func spanDropEventDump() throws {
        let event = SpanDropEvent(spanID: nil, error: TestError(message: "boom"))
        let dump = try #require(try event.jsonValue().objectValue)
        #expect(dump["err_str"] == "boom")
        #expect(dump["span_id"] == .null)
        #expect(dump["class_name"] == "SpanDropEvent")
        #expect(dump["tags"] == [:])
    }

    @Test("a dump is valid JSON text, also with non-finite numbers")
    func dumpText() throws {
        let event = LLMCallFinished(
            modelName: "m\n\"quoted\"",
            promptTokens: 1,
            latencySeconds: .nan,
            finishedAt: Date(timeIntervalSince1970: 0),
            additionalKwargs: ["inf": .double(.infinity)],
            stopReason: "stop"
        )
        let text = try event.jsonValue().jsonString()
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(parsed?["latency_seconds"] as? String == "NaN")
        #expect(parsed?["model_name"] as? String == "m\n\"quoted\"")
        #expect(parsed?["stop_reason"] as? String == "stop")
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(decoded["additional_kwargs"] == ["inf": "Infinity"])
        #expect(decoded["id_"] == .string(event.id))
    }

    @Test("snake_case conversion keeps acronyms together")
    func snakeCase() {
        #expect(JSONValueEncoder.snakeCase("spanID") == "span_id")
        #expect(JSONValueEncoder.snakeCase("additionalKwargs") == "additional_kwargs")
        #expect(JSONValueEncoder.snakeCase("myURLProperty") == "my_url_property")
        #expect(JSONValueEncoder.snakeCase("HTTPStatus") == "http_status")
        #expect(JSONValueEncoder.snakeCase("model_dict") == "model_dict")
        #expect(JSONValueEncoder.snakeCase("top2Results") == "top2_results")
        #expect(JSONValueEncoder.snakeCase("documentIDs") == "document_ids")
        #expect(JSONValueEncoder.snakeCase("sourceURLsByID") == "source_urls_by_id")
    }

    @Test("ISO 8601 timestamps round-trip with microseconds and accept the reference's naive form")
    func timestamps() throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000.123456)
        let text = ISO8601Timestamp.format(date)
        #expect(text == "2023-11-14T22:13:20.123456Z")
        let parsed = try #require(ISO8601Timestamp.parse(text))
        #expect(abs(parsed.timeIntervalSince(date)) < 0.000_001)
        #expect(ISO8601Timestamp.parse("2023-11-14T22:13:20.123456") == parsed)
        #expect(ISO8601Timestamp.parse("2023-11-14T23:13:20.123456+01:00") == parsed)
        #expect(ISO8601Timestamp.parse("yesterday") == nil)
        #expect(ISO8601Timestamp.parse("2023-13-14T22:13:20Z") == nil)
    }
}

import Foundation
import Testing

@testable import LLMInstrumentation
@testable import LLMInstrumentationReading

@Suite("Reading events back from their dumps")
struct EventDecodingTests {
    /// A dump without its timestamp, which we write in UTC with a Z where the reference writes it naive.
    func withoutTimestamp(_ dump: JSONValue) -> [String: JSONValue] {
        var fields = dump.objectValue ?? [:]
        fields["timestamp"] = nil
        return fields
    }

    @Test("every built-in event's golden dump decodes to its type and encodes back to the same dump")
    func builtinRoundTrip() throws {
        let golden = try BuiltinEventGoldenTests.golden()
        for dump in golden {
            let event = try EventDecoding.decode(.object(dump))
            #expect(event.className == dump["class_name"]?.stringValue)
            #expect(!(event is RecordedEvent), "\(event.className) is a known kind")
            #expect(withoutTimestamp(try event.jsonValue()) == withoutTimestamp(.object(dump)), "\(event.className)")
            #expect(event.timestamp == ISO8601Timestamp.parse("2025-01-02T03:04:05.123456"))
        }
    }

    @Test("an unknown event kind is kept whole as a RecordedEvent")
    func unknownKind() throws {
        let text =
            #"{"class_name": "CacheHitEvent", "id_": "e-1", "timestamp": "2025-01-02T03:04:05.000001Z", "span_id": "S.run-1", "tags": {"user": "u"}, "cacheKey": "k", "hits": 3}"#
        let event = try EventDecoding.decode(jsonString: text)
        let recorded = try #require(event as? RecordedEvent)
        #expect(recorded.recordedClassName == "CacheHitEvent")
        #expect(recorded.fields == ["cacheKey": "k", "hits": 3], "keys are kept as written")
        #expect(event.spanID == "S.run-1")
        #expect(event.tags == ["user": "u"])
        let original = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(try event.jsonValue() == original)
    }

    @Test("a registered custom event decodes to its type")
    func registeredCustomEvent() throws {
        struct ReindexEvent: Event, Codable {
            var documents: Int
            var metadata = EventMetadata()
            init(documents: Int) { self.documents = documents }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                documents = try container.decode(Int.self, forKey: .documents)
                metadata = try EventMetadata(flattenedIn: decoder)
            }
        }
        EventDecoding.register(ReindexEvent.self)
        let dump = try ReindexEvent(documents: 12).jsonValue()
        let decoded = try #require(try EventDecoding.decode(dump) as? ReindexEvent)
        #expect(decoded.documents == 12)
        #expect(decoded.id == dump["id_"]?.stringValue)
    }

    @Test("a custom event with the compiler's Codable writes every field in snake_case and reads back")
    func synthesisedCustomEvent() throws {
        struct CacheLookupEvent: Event, Decodable {
            var cacheKey: String
            var shardIDs: [Int]
            var hitRatio: Double?
            var labels: [String: String]
            var metadata = EventMetadata()
        }
        EventDecoding.register(CacheLookupEvent.self)
        let event = CacheLookupEvent(cacheKey: "k", shardIDs: [1, 2], hitRatio: nil, labels: ["regionID": "eu"])
        let dump = try event.jsonValue()
        #expect(dump["cache_key"] == "k")
        #expect(dump["shard_ids"] == [1, 2])
        #expect(dump["hit_ratio"] == .null, "an absent optional is written")
        #expect(dump["labels"] == ["regionID": "eu"], "dictionary keys are data")
        #expect(dump["metadata"] == nil, "the metadata is flattened")
        let decoded = try #require(try EventDecoding.decode(dump) as? CacheLookupEvent)
        #expect(decoded.cacheKey == "k" && decoded.shardIDs == [1, 2] && decoded.hitRatio == nil)
        #expect(decoded.labels == ["regionID": "eu"])
        #expect(decoded.id == event.id && decoded.spanID == event.spanID && decoded.tags == event.tags)
        #expect(try decoded.jsonValue() == dump)
        var missing = try #require(dump.objectValue)
        missing["hit_ratio"] = nil
        #expect(try EventDecoding.decode(.object(missing)).jsonValue() == dump, "a missing optional reads as nil")
        missing["shard_ids"] = nil
        #expect(throws: EventDecodingError.self) { try EventDecoding.decode(.object(missing)) }
    }

    @Test("bad dumps get clear errors")
    func badDumps() {
        #expect(throws: EventDecodingError.notAnObject) { try EventDecoding.decode([1, 2]) }
        #expect(throws: EventDecodingError.missingClassName) { try EventDecoding.decode(["id_": "x"]) }
        #expect(throws: EventDecodingError.self) { try EventDecoding.decode(jsonString: "{not json") }
        do {
            _ = try EventDecoding.decode([
                "class_name": "LLMPredictEndEvent", "id_": "x", "timestamp": "2025-01-02T03:04:05Z",
            ])
            Issue.record("a known kind without its fields must not decode")
        } catch {
            guard case .invalidFields(let className, let reason) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(className == "LLMPredictEndEvent")
            #expect(reason.contains("output"))
        }
        #expect(throws: EventDecodingError.self) {
            try EventDecoding.decode(["class_name": "Unknown", "id_": "x", "timestamp": "yesterday"])
        }
    }
}

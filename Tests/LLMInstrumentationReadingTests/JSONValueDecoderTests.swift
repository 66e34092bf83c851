import Foundation
import Testing

@testable import LLMInstrumentation
@testable import LLMInstrumentationReading

/// The `Decoder` over `JSONValue` that reads typed events back without writing them out as text.
@Suite("JSONValueDecoder: typed values straight from a JSONValue tree")
struct JSONValueDecoderTests {
    private struct Everything: Codable, Equatable {
        enum Kind: String, Codable { case first, second }
        struct Inner: Codable, Equatable {
            var name: String
            var values: [Int]
        }
        var flag: Bool
        var text: String
        var ratio: Double
        var small: Float
        var count: Int
        var tiny: Int8
        var unsigned: UInt64
        var optional: String?
        var missing: Int?
        var kind: Kind
        var inner: Inner
        var list: [Inner]
        var matrix: [[Double]]
        var byName: [String: Int]
        var byNumber: [Int: String]
        var json: JSONValue
        var tags: [String: JSONValue]
    }

    private let sample: JSONValue = [
        "flag": true, "text": "hé", "ratio": 0.25, "small": 1.5, "count": -3, "tiny": 127, "unsigned": 18,
        "optional": nil,
        "kind": "second", "inner": ["name": "a", "values": [1, 2]], "list": [["name": "b", "values": []]],
        "matrix": [[1, 2.5], []], "byName": ["x": 1], "byNumber": ["2": "two"], "json": ["any": [nil, 1]],
        "tags": ["t": "v"],
    ]

    @Test("keyed, unkeyed and single-value containers of every kind read what JSONDecoder reads from the text")
    func everyContainer() throws {
        let decoded = try JSONValueDecoder().decode(Everything.self, from: sample)
        let viaText = try JSONDecoder().decode(Everything.self, from: Data(sample.jsonString().utf8))
        #expect(decoded == viaText)
        #expect(decoded.inner == .init(name: "a", values: [1, 2]))
        #expect(decoded.byNumber == [2: "two"])
        #expect(decoded.optional == nil && decoded.missing == nil)
        #expect(decoded.json == ["any": [nil, 1]])
        // And back: the encoder's tree decodes to the same value.
        #expect(
            try JSONValueDecoder().decode(
                Everything.self,
                from: JSONValueEncoder(convertsKeysToSnakeCase: false).encode(decoded)
            ) == decoded
        )
    }

    @Test("Double and Float read NaN, Infinity and -Infinity from strings, unless told not to")
    func nonFiniteStrings() throws {
        let values: JSONValue = ["NaN", "Infinity", "-Infinity", 1, 0.5]
        let doubles = try JSONValueDecoder().decode([Double].self, from: values)
        #expect(
            doubles[0].isNaN && doubles[1] == .infinity && doubles[2] == -.infinity && doubles[3] == 1
                && doubles[4] == 0.5
        )
        let floats = try JSONValueDecoder().decode([Float].self, from: values)
        #expect(floats[0].isNaN && floats[1] == .infinity && floats[2] == -.infinity)
        #expect(throws: DecodingError.self) {
            try JSONValueDecoder(readsNonFiniteStrings: false).decode([Double].self, from: values)
        }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Double.self, from: "nan") }
        #expect(try JSONValueDecoder().decode(String.self, from: "NaN") == "NaN", "a string stays a string")
        #expect(try JSONValueDecoder().decode(JSONValue.self, from: "NaN") == "NaN")
    }

    @Test("integers read whole numbers, also held as doubles, and reject what does not fit")
    func integers() throws {
        #expect(try JSONValueDecoder().decode(Int.self, from: .double(2)) == 2)
        #expect(try JSONValueDecoder().decode(UInt8.self, from: 255) == 255)
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(UInt8.self, from: 256) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(UInt.self, from: -1) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Int.self, from: 2.5) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Int.self, from: "2") }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Float.self, from: .double(1e39)) }
        #expect(try JSONValueDecoder().decode(Double.self, from: .int(.max)) == Double(Int.max))
    }

    @Test("dates read ISO 8601 text as the encoder writes it, or seconds since 2001; URLs and Data their text")
    func datesURLsAndData() throws {
        struct Dated: Codable, Equatable {
            var when: Date
            var link: URL
            var blob: Data
        }
        let value = Dated(
            when: Date(timeIntervalSince1970: 1_700_000_000.25),
            link: URL(string: "http://127.0.0.1:9/a?b=c")!,
            blob: Data([0, 1, 2, 255])
        )
        let tree = try JSONValueEncoder().encode(value)
        #expect(tree["when"] == "2023-11-14T22:13:20.250000Z")
        #expect(try JSONValueDecoder().decode(Dated.self, from: tree) == value)
        #expect(try JSONValueDecoder().decode(Date.self, from: 0) == Date(timeIntervalSinceReferenceDate: 0))
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Date.self, from: "yesterday") }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Data.self, from: "not base64!") }
    }

    @Test("errors carry the coding path of the failing value")
    func codingPaths() throws {
        var broken = sample
        if case .object(var members) = broken {
            members["list"] = [["name": "b", "values": [1, "two"]]]
            broken = .object(members)
        }
        do {
            _ = try JSONValueDecoder().decode(Everything.self, from: broken)
            Issue.record("must not decode")
        } catch let DecodingError.typeMismatch(type, context) {
            #expect(type is Int.Type)
            #expect(context.codingPath.map(\.stringValue) == ["list", "Index 0", "values", "Index 1"])
            #expect(context.debugDescription == "Expected to decode Int but found a string instead.")
        }
        do {
            _ = try JSONValueDecoder().decode(Everything.self, from: ["flag": true])
            Issue.record("must not decode")
        } catch let DecodingError.keyNotFound(key, context) {
            #expect(key.stringValue == "text")
            #expect(context.codingPath.isEmpty)
        }
        do {
            _ = try JSONValueDecoder().decode([[Int]].self, from: [[1], [2, 3.5]])
            Issue.record("must not decode")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.codingPath.map(\.intValue) == [1, 1])
        }
    }

    @Test("nested containers, super decoders and running off the end of an array")
    func nestedAndSuper() throws {
        final class Base: Decodable {
            let base: Int
        }
        struct Derived: Decodable {
            var derived: Int
            var base: Int
            var first: String
            var rest: Int
            enum Keys: String, CodingKey { case derived, pair }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                derived = try container.decode(Int.self, forKey: .derived)
                base = try Base(from: container.superDecoder()).base
                var pair = try container.nestedUnkeyedContainer(forKey: .pair)
                first = try pair.decode(String.self)
                rest = try pair.decode(Int.self)
                #expect(pair.isAtEnd)
                #expect(throws: DecodingError.self) { try pair.decode(Int.self) }
                #expect(throws: DecodingError.self) { try pair.decodeNil() }
            }
        }
        let value = try JSONValueDecoder().decode(
            Derived.self,
            from: ["derived": 2, "super": ["base": 1], "pair": ["a", 3]]
        )
        #expect(value.derived == 2 && value.base == 1 && value.first == "a" && value.rest == 3)
    }

    @Test("snake_case keys: property names looked up as the encoder writes them, dictionary keys as they are")
    func snakeCaseKeys() throws {
        enum Limit: Codable, Equatable {
            case topN(Int)
            case everything
        }
        struct Query: Codable, Equatable {
            var queryStr: String
            var documentIDs: [String]
            var limit: Limit
            var scoresByID: [String: Double]
            var imagePath: String?
        }
        let query = Query(
            queryStr: "q",
            documentIDs: ["d1"],
            limit: .topN(3),
            scoresByID: ["docID": 0.5],
            imagePath: nil
        )
        let tree = try JSONValueEncoder().encode(query)
        #expect(tree["query_str"] == "q" && tree["document_ids"] == ["d1"] && tree["scores_by_id"] == ["docID": 0.5])
        #expect(tree["limit"] == ["top_n": ["_0": 3]])
        #expect(tree.objectValue?.keys.contains("image_path") == false, "not a ModelDumpEncodable: nil is left out")
        #expect(try JSONValueDecoder(convertsKeysFromSnakeCase: true).decode(Query.self, from: tree) == query)
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Query.self, from: tree) }
    }
}

import Foundation
import Testing

@testable import LLMInstrumentation
@testable import LLMInstrumentationReading

/// The byte-level parser the JSON-lines reader uses: strict RFC 8259, the values `JSONDecoder`
/// gives for `JSONValue`, and errors that say where they stopped.
@Suite("JSON parser: strict, the values JSONDecoder gives, errors with a byte offset")
struct JSONParserTests {
    private func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(text)
    }

    private func parse(bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(Data(bytes))
    }

    /// What the reader used before: `JSONDecoder` into `JSONValue`, `nil` where it throws.
    private func foundation(_ data: Data) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    // MARK: Values

    @Test("every kind of value, with whitespace around and between")
    func everyKind() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == true)
        #expect(try parse("false") == false)
        #expect(try parse("0") == 0)
        #expect(try parse("-12") == -12)
        #expect(try parse("0.5") == 0.5)
        #expect(try parse(#""text""#) == "text")
        #expect(try parse("[]") == [])
        #expect(try parse("{}") == [:])
        #expect(try parse(" \t\r\n[ 1 , \"a\" , null ,true,{ }, [ ] ]\r\n\t ") == [1, "a", nil, true, [:], []])
        #expect(
            try parse(#"{"a": {"b": [1, 2.5, {"c": null}]}, "d" : "e", "f":false}"#)
                == ["a": ["b": [1, 2.5, ["c": nil]]], "d": "e", "f": false]
        )
    }

    @Test("an object that repeats a key keeps the first value, as JSONDecoder does")
    func repeatedKeys() throws {
        let text = #"{"a": 1, "b": 2, "a": 3, "a": {"x": 1}}"#
        #expect(try parse(text) == ["a": 1, "b": 2])
        #expect(foundation(Data(text.utf8)) == ["a": 1, "b": 2])
    }

    // MARK: Strings

    @Test("escapes: the two-character ones, \\u of every size, and surrogate pairs")
    func escapes() throws {
        #expect(try parse(#""\"\\\/\b\f\n\r\t""#) == "\"\\/\u{8}\u{C}\n\r\t")
        #expect(try parse(#""\u0041\u00e9\u20AC\u0000""#) == "Aé€\u{0}")
        #expect(try parse(#""\ud83d\ude00 and \uD83D\uDE00""#) == "😀 and 😀")
        #expect(try parse(#""plain \u0041 then é and 😀 raw""#) == "plain A then é and 😀 raw")
        #expect(try parse(#"{"k\u00e9y": "v"}"#) == ["kéy": "v"])
        #expect(
            try parse("\"" + String(repeating: "abcdefgh", count: 100) + "\\n\"")
                == .string(String(repeating: "abcdefgh", count: 100) + "\n")
        )
    }

    @Test(
        "lone and misordered surrogates are rejected",
        arguments: [#""\ud800""#, #""\udc00""#, #""\ud800x""#, #""\ud800\u0041""#, #""\ud800\ud800""#, #""a\udfff""#]
    )
    func loneSurrogates(_ text: String) {
        guard case .loneSurrogate = Self.error(of: text) else {
            Issue.record("\(text): \(Self.error(of: text))")
            return
        }
    }

    @Test("bad escapes and raw control characters in strings are rejected")
    func badEscapes() {
        #expect(Self.error(of: #""\x""#) == .invalidEscape(offset: 1))
        #expect(Self.error(of: #""\u12""#) == .invalidEscape(offset: 1))
        #expect(Self.error(of: #""\u12g4""#) == .invalidEscape(offset: 1))
        #expect(Self.error(of: "\"a\tb\"") == .controlCharacter("\t", offset: 2))
        #expect(Self.error(of: "\"a\nb\"") == .controlCharacter("\n", offset: 2))
        #expect(Self.error(of: "\"abc") == .unexpectedEnd(offset: 4))
        #expect(Self.error(of: #""abc\"#) == .unexpectedEnd(offset: 5))
    }

    @Test(
        "invalid UTF-8 in a string is rejected with its offset, wherever it is in the string",
        arguments: [
            [0xC3, 0x28],  // a lead byte without its continuation
            [0xED, 0xA0, 0x80],  // an encoded UTF-16 surrogate
            [0xC0, 0xAF],  // an overlong "/"
            [0xE0, 0x80, 0xAF],  // an overlong three-byte form
            [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
            [0xF5, 0x80, 0x80, 0x80],  // a lead byte that never appears
            [0x80],  // a lone continuation byte
            [0xFF],
            [0xE2, 0x82],  // a sequence cut by the closing quote
        ] as [[UInt8]]
    )
    func invalidUTF8InStrings(_ bad: [UInt8]) {
        let prefix = Array("\"long enough to be read eight bytes at a time é ".utf8)
        for escaped in [false, true] {
            let head = prefix + (escaped ? Array(#"\n"#.utf8) : [])
            let bytes = head + bad + Array("tail\"".utf8)
            #expect(throws: JSONParseError.invalidUTF8(offset: head.count)) { try parse(bytes: bytes) }
        }
    }

    @Test("valid UTF-8 of every length reads as the same string")
    func validUTF8() throws {
        let text = "aé€😀 ß中文 \u{10FFFF} \u{FFFD}"
        #expect(try parse("\"" + text + "\"") == .string(text))
        #expect(try parse("[\"" + text + "\\t\"]") == [.string(text + "\t")])
    }

    // MARK: Numbers

    @Test("numbers: whole values that fit in Int are ints, whatever their spelling; the rest doubles")
    func numbers() throws {
        #expect(try parse("2.0") == 2)
        #expect(try parse("2e0") == 2)
        #expect(try parse("1.5e1") == 15)
        #expect(try parse("0.1e1") == 1)
        #expect(try parse("-0") == 0)
        #expect(try parse("-0.0") == 0)
        #expect(try parse("0e999999999999") == 0)
        #expect(try parse("1E2") == 100)
        #expect(try parse("1e+2") == 100)
        #expect(try parse("100e-2") == 1)
        #expect(try parse("1e-2") == 0.01)
        #expect(try parse("-1.25") == -1.25)
        #expect(try parse("1e18") == .int(1_000_000_000_000_000_000))
        #expect(try parse("1e19") == .double(1e19))
        #expect(try parse("0.1") == .double(0.1))
        #expect(try parse("123456789.123456789") == .double(123_456_789.123456789))
        #expect(try parse("1.7976931348623157e308") == .double(.greatestFiniteMagnitude))
        #expect(try parse("5e-324") == .double(.leastNonzeroMagnitude))
        #expect(try parse("2.2250738585072011e-308") == .double(Double("2.2250738585072011e-308")!))
        // The fuzzer's input of the pinned propagation test, and the text its double writes.
        #expect(try parse("104e0") == 104)
        #expect(try parse("1234567890123456789.1234167890") == .double(1_234_567_890_123_456_789.0))
        #expect(try parse("1.2345678901234568e+18") == .int(1_234_567_890_123_456_800), "the digits as written")
    }

    @Test("numbers at Int's boundaries")
    func intBoundaries() throws {
        #expect(try parse("9223372036854775807") == .int(.max))
        #expect(try parse("-9223372036854775808") == .int(.min))
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try parse("-9223372036854775809") == .double(-9_223_372_036_854_775_808), "the nearest Double")
        #expect(try parse("922337203685477580.7e1") == .int(.max))
        #expect(try parse("99999999999999999999") == .double(1e20))
        #expect(try parse("123456789012345678") == .int(123_456_789_012_345_678), "18 digits: the fast path")
        #expect(try parse("1234567890123456789") == .int(1_234_567_890_123_456_789), "19 digits")
    }

    @Test(
        "malformed numbers are rejected",
        arguments: [
            "01", "-01", "00", "1.", ".5", "-", "+1", "1e", "1e+", "1.e5", "0x10", "1_000", "--1", "1.5.5", "NaN",
            "Infinity", "-Infinity",
        ]
    )
    func malformedNumbers(_ text: String) {
        #expect(throws: JSONParseError.self, "\(text)") { try parse(text) }
        #expect(foundation(Data(text.utf8)) == nil, "JSONDecoder rejects \(text) too")
    }

    @Test("numbers too large for a Double are rejected; tiny ones read as zero")
    func outOfRange() throws {
        #expect(throws: JSONParseError.numberOutOfRange(offset: 5)) { try parse(#"{"a":1e400}"#) }
        #expect(throws: JSONParseError.numberOutOfRange(offset: 0)) { try parse("-1.5e309") }
        #expect(throws: JSONParseError.numberOutOfRange(offset: 0)) {
            try parse("1" + String(repeating: "0", count: 400))
        }
        #expect(try parse("1e-400") == .double(0))
    }

    @Test("every number of a sample reads as JSONDecoder reads it")
    func numbersAsFoundationReadsThem() throws {
        var samples = [
            "0", "1", "-1", "10", "0.5", "1e5", "1E-5", "3.14159", "-2.5e-3", "6.02214076e23", "1e22", "1e23",
            "9007199254740993",
            "0.30000000000000004", "123.456e-7", "1e-7", "2.5e2", "-7.0", "1.0e1", "17e-1",
        ]
        var state: UInt64 = 42
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // At most 12 significant digits: where JSONDecoder rounds to a Double before it checks
            // for a whole number, no rounding can make a fraction whole (see below).
            let mantissa = Int64(bitPattern: state >> 11) % 1_000_000
            let scale = Int(state >> 62)
            let exponent = Int(truncatingIfNeeded: state >> 3) % 40
            samples.append("\(mantissa)." + String(repeating: "0", count: scale) + "\(state % 1000)e\(exponent)")
            samples.append("\(Double(bitPattern: state & 0x7FEF_FFFF_FFFF_FFFF))")
        }
        for sample in samples {
            let expected = try #require(foundation(Data(sample.utf8)), "\(sample)")
            #expect(try parse(sample) == expected, "\(sample)")
        }
    }

    @Test("a fraction beyond a Double's precision stays a double: JSONDecoder rounds first and makes it an int")
    func fractionsBeyondPrecision() throws {
        #expect(try parse("1.00000000000000001") == .double(1))
        #expect(try parse("4503599627370497.5") == .double(4_503_599_627_370_498))
        #expect(
            foundation(Data("1.00000000000000001".utf8)) == .int(1),
            "the one difference, by design: JSONValue's rule"
        )
    }

    // MARK: Structure and limits

    @Test("512 levels of nesting read; 513 are too deep, reported at the container that is one too many")
    func depthLimit() throws {
        let allowed = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        _ = try parse(allowed)
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: JSONParseError.tooDeep(offset: 512)) { try parse(tooDeep) }
        let objects = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(throws: JSONParseError.tooDeep(offset: 512 * 5)) { try parse(objects) }
        #expect(Self.error(of: tooDeep).description == "too deeply nested (more than 512 levels) at byte 512")
    }

    @Test("trailing garbage, a missing value and truncation are rejected with the offset where they are")
    func structureErrors() {
        #expect(
            Self.error(of: #"{"a": 1} x"#)
                == .invalidCharacter(found: "x", offset: 9, expected: "end of line after the value")
        )
        #expect(
            Self.error(of: "1 2") == .invalidCharacter(found: "2", offset: 2, expected: "end of line after the value")
        )
        #expect(Self.error(of: "") == .unexpectedEnd(offset: 0))
        #expect(Self.error(of: "   ") == .unexpectedEnd(offset: 3))
        #expect(Self.error(of: #"{"a": "#) == .unexpectedEnd(offset: 6))
        #expect(Self.error(of: "[1, 2") == .unexpectedEnd(offset: 5))
        #expect(Self.error(of: "[1, ]") == .invalidCharacter(found: "]", offset: 4, expected: "a value"))
        #expect(Self.error(of: "[1 2]") == .invalidCharacter(found: "2", offset: 3, expected: "',' or ']'"))
        #expect(Self.error(of: #"{"a" 1}"#) == .invalidCharacter(found: "1", offset: 5, expected: "':' after the key"))
        #expect(Self.error(of: "{a: 1}") == .invalidCharacter(found: "a", offset: 1, expected: "a string key"))
        #expect(Self.error(of: #"{"a": 1,}"#) == .invalidCharacter(found: "}", offset: 8, expected: "a string key"))
        #expect(Self.error(of: "{'a': 1}") == .invalidCharacter(found: "'", offset: 1, expected: "a string key"))
        #expect(Self.error(of: "tru") == .unexpectedEnd(offset: 3))
        #expect(Self.error(of: "nul1") == .invalidCharacter(found: "1", offset: 3, expected: "'null'"))
        #expect(Self.error(of: "é") == .invalidCharacter(found: "é", offset: 0, expected: "a value"))
        #expect(throws: JSONParseError.invalidUTF8(offset: 1)) { try parse(bytes: [0x5B, 0xFF, 0x5D]) }
        #expect(Self.error(of: "[\u{1}]").description == "invalid character U+0001 at byte 1 (expected a value)")
        #expect(
            Self.error(of: #"{"a": 1} x"#).description
                == "invalid character 'x' at byte 9 (expected end of line after the value)"
        )
        #expect(Self.error(of: "[1, 2").description == "unexpected end of line at byte 5")
    }

    // MARK: Equivalence with JSONDecoder

    /// Every line of the fuzz corpora and the built-in events fixture.
    static func corpus() throws -> [Data] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var samples: [Data] = [try Data(contentsOf: BuiltinEventGoldenTests.fixtureURL)]
        for folder in ["Fuzz/Corpus/JSONLinesReader", "Fuzz/Corpus/PropagationContext"] {
            let url = root.appendingPathComponent(folder)
            for file in try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil).sorted(
                by: { $0.path < $1.path })
            {
                let data = try Data(contentsOf: file)
                samples.append(data)
                samples += data.split(separator: UInt8(ascii: "\n")).map { Data($0) }
            }
        }
        return samples
    }

    @Test(
        "on the fuzz corpora and the events fixture, the parser gives JSONDecoder's values and rejects what it rejects"
    )
    func corpusEquivalence() throws {
        let samples = try Self.corpus()
        #expect(samples.count > 60)
        var accepted = 0
        for sample in samples {
            let expected = foundation(sample)
            let parsed = try? JSONParser.parse(sample)
            #expect(parsed == expected, "\(String(decoding: sample.prefix(200), as: UTF8.self))")
            if expected != nil { accepted += 1 }
        }
        #expect(accepted > 40)
    }

    @Test("random values written as JSON text read back as JSONDecoder reads them")
    func randomValues() throws {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        func value(depth: Int) -> JSONValue {
            switch next() % (depth > 4 ? 6 : 8) {
            case 0: return .null
            case 1: return .bool(next() % 2 == 0)
            case 2: return .int(Int(truncatingIfNeeded: next() << 31 | next()) - (1 << 40))
            case 3: return .double(Double(Int(next()) - (1 << 30)) / Double(1 + next() % 10_000))
            case 4, 5:
                let scalars = (0..<Int(next() % 12)).map { _ in
                    ["a", "é", "😀", "\"", "\\", "\n", "\u{1}", "中", "/", " ", "\u{7F}", "\u{2028}"][Int(next() % 12)]
                }
                return .string(scalars.joined())
            case 6: return .array((0..<Int(next() % 5)).map { _ in value(depth: depth + 1) })
            default:
                return .object(
                    Dictionary(
                        (0..<Int(next() % 5)).map { _ in ("k\(next() % 8)", value(depth: depth + 1)) },
                        uniquingKeysWith: { first, _ in first }
                    )
                )
            }
        }
        for _ in 0..<500 {
            let text = Data(value(depth: 0).jsonString().utf8)
            let expected = try #require(foundation(text))
            #expect(try JSONParser.parse(text) == expected, "\(String(decoding: text, as: UTF8.self))")
        }
    }

    // MARK: Helpers

    static func error(of text: String) -> JSONParseError {
        do {
            _ = try JSONParser.parse(text)
            return .unexpectedEnd(offset: -1)
        } catch {
            return error
        }
    }
}

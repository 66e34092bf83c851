import Foundation
import Testing

@testable import LLMInstrumentation

@Suite("JSON text and timestamps")
struct JSONTextWriterTests {
    private func text(_ value: JSONValue) -> String {
        var bytes: [UInt8] = []
        JSONTextWriter.write(value, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("integers are written as Swift prints them, extremes included")
    func integers() {
        for number in [0, 1, -1, 9, 10, 99, 100, 1234567890, Int.max, Int.min] + (0..<200).map({ _ in Int.random(in: .min ... .max) }) {
            #expect(text(.int(number)) == String(number))
        }
    }

    @Test("strings are escaped where JSON needs it and round-trip through JSONSerialization")
    func strings() throws {
        let samples = ["", "plain", "quote \" and backslash \\", "line\nfeed\r\ttab", "\u{01}\u{1F}control", "naïve — 日本語 🙂", "ends with escape\n"]
        for sample in samples {
            let json = text(.array([.string(sample)]))
            let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
            #expect(decoded == [sample], "\(json)")
        }
        #expect(text(.string("a\u{01}b")) == #""a\u0001b""#)
    }

    @Test("timestamps match ISO8601DateFormatter from before 1970 to after 2100, leap days included")
    func timestampsMatchFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var dates = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: 951_782_400),
            Date(timeIntervalSince1970: 4_107_542_399), Date(timeIntervalSince1970: -2_208_988_800),
        ]
        dates += (0..<2000).map { _ in Date(timeIntervalSince1970: Double(Int64.random(in: -3_000_000_000...5_000_000_000))) }
        for date in dates {
            let ours = ISO8601Timestamp.format(date)
            // Foundation prints milliseconds; compare the seconds, then the fraction to the millisecond.
            let theirs = formatter.string(from: date)
            #expect(ours.prefix(19) == theirs.prefix(19), "\(date.timeIntervalSince1970)")
            #expect(ours.count == ISO8601Timestamp.length && ours.hasSuffix("Z"))
            #expect(ISO8601Timestamp.parse(ours).map { abs($0.timeIntervalSince(date)) < 1e-6 } == true)
        }
    }
}

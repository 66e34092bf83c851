import Foundation
import LLMInstrumentationReading
import Testing

@testable import LLMInstrumentation

@Suite("JSON text and timestamps")
struct JSONTextWriterTests {
    private func text(_ value: JSONValue) -> String {
        // A small buffer, so that writing grows it.
        var bytes = JSONByteBuffer(capacity: 16)
        JSONTextWriter.write(value, into: &bytes)
        return bytes.string
    }

    @Test("integers are written as Swift prints them, extremes included")
    func integers() {
        for number in [0, 1, -1, 9, 10, 99, 100, 1_234_567_890, Int.max, Int.min]
            + (0..<200).map({ _ in Int.random(in: .min ... .max) })
        {
            #expect(text(.int(number)) == String(number))
        }
    }

    @Test("every ASCII byte at every position of a 17-byte string is escaped correctly (word-at-a-time scan)")
    func everyByteEverywhere() throws {
        for byte in UInt8(0)..<128 {
            for position in 0..<17 {
                var scalars = Array(repeating: UInt8(ascii: "a"), count: 17)
                scalars[position] = byte
                let sample = String(decoding: scalars, as: UTF8.self)
                let json = text(.array([.string(sample)]))
                let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
                #expect(decoded == [sample], "byte \(byte) at \(position)")
            }
        }
    }

    @Test("durations are written with nanosecond precision and read back as the same number")
    func seconds() throws {
        var samples: [Double] = [0, 1, 0.5, 0.000_000_001, 0.000_123, 12.25, 999_999_999.999, 1e12, -1, .nan]
        samples += (0..<500).map { _ in Double.random(in: 0..<10) }
        for sample in samples {
            var bytes = JSONByteBuffer(capacity: 16)
            JSONTextWriter.writeSeconds(sample, into: &bytes)
            let written = bytes.string
            if sample.isFinite, sample >= 0, sample < 1e9 {
                let value = try #require(Double(written), "\(written)")
                #expect(abs(value - sample) <= 1e-9 * max(1, sample), "\(sample) -> \(written)")
                #expect(!written.hasSuffix("0") || written.hasSuffix(".0"))
            } else {
                #expect(written == text(.double(sample)))
            }
        }
    }

    @Test("a long value grows the buffer and comes out whole")
    func longValues() throws {
        let long = String(repeating: "0123456789\"", count: 5000)
        let json = text(.object(["a": .string(long), "b": .array((0..<1000).map { .int($0) })]))
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(decoded?["a"] as? String == long)
        #expect((decoded?["b"] as? [Int])?.count == 1000)
    }

    @Test("strings are escaped where JSON needs it and round-trip through JSONSerialization")
    func strings() throws {
        let samples = [
            "", "plain", "quote \" and backslash \\", "line\nfeed\r\ttab", "\u{01}\u{1F}control", "naïve — 日本語 🙂",
            "ends with escape\n",
        ]
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
        dates += (0..<2000).map { _ in
            Date(timeIntervalSince1970: Double(Int64.random(in: -3_000_000_000...5_000_000_000)))
        }
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

import Foundation
import Testing

@testable import LLMInstrumentation
@testable import LLMInstrumentationReading

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The regular-expression parser the library used before its byte-level one, kept as the oracle:
/// the fast parser must accept exactly what it accepts, to the same dates.
private enum RegexTimestampOracle {
    static func parse(_ text: String) -> Date? {
        let pattern = #/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/#
        // `\d` alone matches any Unicode digit ("٢٠٢٥"), which `Int32(_:)` does not read.
        guard let match = text.wholeMatch(of: pattern.asciiOnlyDigits()),
            let year = Int32(match.1), let month = Int32(match.2), let day = Int32(match.3),
            let hour = Int32(match.4), let minute = Int32(match.5), let second = Int32(match.6)
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        guard (0..<12).contains(parts.tm_mon), (1...31).contains(parts.tm_mday), parts.tm_hour < 24,
            parts.tm_min < 60, parts.tm_sec < 61
        else { return nil }
        var seconds = Double(timegm(&parts))
        if let fraction = match.7 {
            seconds += Double("0." + fraction) ?? 0
        }
        if let zone = match.8, zone != "Z" {
            let digits = zone.dropFirst().filter(\.isNumber)
            let hours = Double(digits.prefix(2)) ?? 0
            let minutes = Double(digits.suffix(2)) ?? 0
            let offset = (hours * 3600 + minutes * 60) * (zone.first == "-" ? -1 : 1)
            seconds -= offset
        }
        return Date(timeIntervalSince1970: seconds)
    }
}

@Suite("ISO 8601 timestamps: the fast parser agrees with the regular-expression oracle")
struct ISO8601TimestampParserTests {
    @Test("on written timestamps, edge cases and malformed texts, both parsers give the same date or both reject")
    func agreesWithTheReference() {
        var samples = [
            "2025-01-02T03:04:05.123456Z", "2025-01-02T03:04:05.123456", "2025-01-02 03:04:05Z", "2025-01-02T03:04:05",
            "2025-01-02T03:04:05.1Z", "2025-01-02T03:04:05.123456789Z", "2025-01-02T03:04:05.1234567890Z",
            "2025-01-02T03:04:05+05:30", "2025-01-02T03:04:05-0800", "2025-01-02T03:04:05.5+00:00",
            "2025-01-02T03:04:05+05:3",
            "2025-02-31T00:00:00Z", "2025-12-31T23:59:60Z", "2024-02-29T12:00:00Z", "0001-01-01T00:00:00.000000Z",
            "9999-12-31T23:59:59.999999Z", "0000-01-01T00:00:00Z", "1969-12-31T23:59:59.999999Z",
            "1900-03-01T00:00:00Z",
            "2025-13-01T00:00:00Z", "2025-00-01T00:00:00Z", "2025-01-00T00:00:00Z", "2025-01-32T00:00:00Z",
            "2025-01-01T24:00:00Z", "2025-01-01T00:60:00Z", "2025-01-01T00:00:61Z", "2025-01-01T00:00:00.Z",
            "2025-01-01T00:00:00ZZ", "2025-01-01T00:00:00z", "2025-01-01X00:00:00Z", "2025-1-01T00:00:00Z", "yesterday",
            "",
            "٢٠٢٥-٠١-٠١T00:00:00Z", "2025-01-01T00:00:00Z\n", " 2025-01-01T00:00:00Z", "2025-01-01T00:00:00+1:00",
            "2025-01-01T00:00:00.000000Z\u{301}", "+2025-01-01T00:00:00Z",
        ]
        var state: UInt64 = 3
        for _ in 0..<500 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let seconds = Double(Int64(bitPattern: state >> 1) % 253_402_300_800) + Double(state % 1_000_000) / 1e6
            samples.append(ISO8601Timestamp.format(Date(timeIntervalSince1970: seconds)))
            samples.append(ISO8601Timestamp.format(Date(timeIntervalSince1970: -seconds / 4)))
        }
        for sample in samples {
            #expect(ISO8601TimestampParser.parse(sample) == RegexTimestampOracle.parse(sample), "\(sample)")
        }
        #expect(ISO8601TimestampParser.parse("2025-01-02T03:04:05.123456Z") != nil)
    }
}

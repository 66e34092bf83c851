public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Formats and parses the timestamps of exported records: ISO 8601 in UTC with microseconds,
/// for example `2026-11-25T20:17:51.123456Z`.
public enum ISO8601Timestamp {
    /// The first moment the text form can hold, 0001-01-01T00:00:00Z, in seconds since 1970.
    private static let earliestSeconds: Double = -62_135_596_800
    /// The first moment after those the text form can hold, 10000-01-01T00:00:00Z.
    private static let endSeconds: Double = 253_402_300_800

    /// Formats `date` as ISO 8601 text in UTC with six fractional digits.
    ///
    /// The text holds years 1 to 9999: a date outside them, infinite or not a number (a
    /// `Date(timeIntervalSince1970: .nan)` made from bad input) is written as the nearest end of
    /// that range, `0001-01-01T00:00:00.000000Z` (also for NaN) or `9999-12-31T23:59:59.999999Z`,
    /// so that a record stays readable.
    public static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        // `time_t(_:)` traps on NaN and on numbers beyond its range: check before converting.
        guard interval >= earliestSeconds else { return "0001-01-01T00:00:00.000000Z" }
        guard interval < endSeconds else { return "9999-12-31T23:59:59.999999Z" }
        var seconds = time_t(interval.rounded(.down))
        var micros = Int(((interval - Double(seconds)) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            seconds += 1
            micros -= 1_000_000
        }
        guard Double(seconds) < endSeconds else { return "9999-12-31T23:59:59.999999Z" }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        // "YYYY-MM-DDTHH:MM:SS.ffffffZ": 27 bytes written in place.
        return String(unsafeUninitializedCapacity: 27) { buffer in
            func put(_ value: Int, digits: Int, at offset: Int) {
                var remaining = value
                for index in stride(from: offset + digits - 1, through: offset, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
                    remaining /= 10
                }
            }
            put(Int(parts.tm_year) + 1900, digits: 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(Int(parts.tm_mon) + 1, digits: 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(Int(parts.tm_mday), digits: 2, at: 8)
            buffer[10] = UInt8(ascii: "T")
            put(Int(parts.tm_hour), digits: 2, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put(Int(parts.tm_min), digits: 2, at: 14)
            buffer[16] = UInt8(ascii: ":")
            put(Int(parts.tm_sec), digits: 2, at: 17)
            buffer[19] = UInt8(ascii: ".")
            put(micros, digits: 6, at: 20)
            buffer[26] = UInt8(ascii: "Z")
            return 27
        }
    }

    /// Parses ISO 8601 text with or without fractional seconds and with `Z`, an offset, or no zone
    /// (taken as UTC, as the reference writes naive timestamps). Returns `nil` for anything else.
    public static func parse(_ text: String) -> Date? {
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

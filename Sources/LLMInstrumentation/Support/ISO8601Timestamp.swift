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
    /// Formats `date` as ISO 8601 text in UTC with six fractional digits.
    public static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = time_t(interval.rounded(.down))
        var micros = Int(((interval - Double(seconds)) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            seconds += 1
            micros -= 1_000_000
        }
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
        guard let match = text.wholeMatch(of: pattern) else { return nil }
        var parts = tm()
        parts.tm_year = Int32(match.1)! - 1900
        parts.tm_mon = Int32(match.2)! - 1
        parts.tm_mday = Int32(match.3)!
        parts.tm_hour = Int32(match.4)!
        parts.tm_min = Int32(match.5)!
        parts.tm_sec = Int32(match.6)!
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

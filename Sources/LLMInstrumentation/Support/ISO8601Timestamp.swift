public import Foundation

/// Formats the timestamps of exported records: ISO 8601 in UTC with microseconds, for example
/// `2026-11-25T20:17:51.123456Z`. (LLMInstrumentationReading adds `parse(_:)`, which reads them
/// back.)
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
        var bytes = JSONByteBuffer(capacity: length)
        write(date, into: &bytes)
        return bytes.string
    }

    /// The length of a formatted timestamp, `"YYYY-MM-DDTHH:MM:SS.ffffffZ"`.
    static let length = 27

    /// Appends the timestamp of `date` between double quotes, as a JSON string.
    static func write(_ date: Date, quotedInto output: inout JSONByteBuffer) {
        output.append(UInt8(ascii: "\""))
        write(date, into: &output)
        output.append(UInt8(ascii: "\""))
    }

    /// Appends the 27 bytes of the timestamp of `date`. The calendar date is computed with
    /// arithmetic (Howard Hinnant's `civil_from_days`), not `gmtime_r`, which takes a lock.
    static func write(_ date: Date, into output: inout JSONByteBuffer) {
        let interval = date.timeIntervalSince1970
        // Converting NaN or a number beyond Int64 traps: check before converting.
        guard interval >= earliestSeconds else {
            output.append("0001-01-01T00:00:00.000000Z")
            return
        }
        guard interval < endSeconds else {
            output.append("9999-12-31T23:59:59.999999Z")
            return
        }
        var seconds = Int64(interval.rounded(.down))
        var micros = Int64(((interval - Double(seconds)) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            seconds += 1
            micros -= 1_000_000
        }
        guard Double(seconds) < endSeconds else {
            output.append("9999-12-31T23:59:59.999999Z")
            return
        }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSince1970: days)
        var bytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { buffer in
            func put(_ value: Int64, digits: Int, at offset: Int) {
                var remaining = value
                for index in stride(from: offset + digits - 1, through: offset, by: -1) {
                    buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining % 10)
                    remaining /= 10
                }
            }
            put(year, digits: 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(month, digits: 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(day, digits: 2, at: 8)
            buffer[10] = UInt8(ascii: "T")
            put(secondOfDay / 3600, digits: 2, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put(secondOfDay / 60 % 60, digits: 2, at: 14)
            buffer[16] = UInt8(ascii: ":")
            put(secondOfDay % 60, digits: 2, at: 17)
            buffer[19] = UInt8(ascii: ".")
            put(micros, digits: 6, at: 20)
            buffer[26] = UInt8(ascii: "Z")
            output.append(UnsafeRawBufferPointer(rebasing: buffer[..<length]))
        }
    }

    /// The proleptic Gregorian year, month (1...12) and day (1...31) of a day counted from
    /// 1970-01-01.
    static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

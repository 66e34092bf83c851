public import Foundation
public import LLMInstrumentation

extension ISO8601Timestamp {
    /// Reads a timestamp as written here or by the reference (`2025-01-02T03:04:05.123456`,
    /// with `Z` or an offset such as `+05:30` or `-0800`, `T` or a space between date and time,
    /// up to nine fraction digits); `nil` for anything else.
    public static func parse(_ text: String) -> Date? {
        ISO8601TimestampParser.parse(text)
    }
}

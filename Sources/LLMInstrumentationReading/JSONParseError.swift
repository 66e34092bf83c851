/// Why ``JSONParser`` rejected a text, with the byte offset where it stopped (counted from 0 at
/// the start of the text, so a truncated text stops at its length).
package enum JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text ended inside a value, or holds no value at all.
    case unexpectedEnd(offset: Int)
    /// A character that cannot stand where it was found.
    case invalidCharacter(found: Unicode.Scalar, offset: Int, expected: String)
    /// Bytes that are not UTF-8.
    case invalidUTF8(offset: Int)
    /// More than ``JSONParser/maximumDepth`` arrays and objects nested in one another.
    case tooDeep(offset: Int)
    /// A number with a leading zero (`01`), which JSON does not allow.
    case leadingZero(offset: Int)
    /// A number too large for a `Double` (`1e400`).
    case numberOutOfRange(offset: Int)
    /// A backslash escape that JSON does not define (`\x`, `\u12`).
    case invalidEscape(offset: Int)
    /// A `\u` escape of a UTF-16 surrogate without its other half.
    case loneSurrogate(offset: Int)
    /// A control character (U+0000 to U+001F) inside a string, where JSON needs it escaped.
    case controlCharacter(Unicode.Scalar, offset: Int)

    /// A sentence saying what is wrong and where: `unexpected end of line at byte 57`.
    package var description: String {
        switch self {
        case .unexpectedEnd(let offset):
            return "unexpected end of line at byte \(offset)"
        case .invalidCharacter(let found, let offset, let expected):
            return "invalid character \(Self.show(found)) at byte \(offset) (expected \(expected))"
        case .invalidUTF8(let offset):
            return "not valid UTF-8 at byte \(offset)"
        case .tooDeep(let offset):
            return "too deeply nested (more than \(JSONParser.maximumDepth) levels) at byte \(offset)"
        case .leadingZero(let offset):
            return "number with a leading zero at byte \(offset)"
        case .numberOutOfRange(let offset):
            return "number too large for a Double at byte \(offset)"
        case .invalidEscape(let offset):
            return "invalid escape in string at byte \(offset)"
        case .loneSurrogate(let offset):
            return "unpaired UTF-16 surrogate escape at byte \(offset)"
        case .controlCharacter(let found, let offset):
            return "unescaped control character \(Self.show(found)) in string at byte \(offset)"
        }
    }

    /// `'x'` for a printable character, `U+000A` for any other.
    private static func show(_ scalar: Unicode.Scalar) -> String {
        if scalar.value < 0x20 || scalar.value == 0x7F || scalar.properties.generalCategory == .format {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "'\(scalar)'"
    }
}

import LLMInstrumentation

/// Header rules for ``LLMInstrumentation/Dispatcher/injectPropagationContext(into:using:)`` and
/// its extracting counterpart.
enum PropagationHeaders {
    /// The members the core itself captures; they travel in the JSON header only.
    static let coreKeys: Set<String> = [PropagationContext.spanIDKey, PropagationContext.tagsKey]
    /// Read even when the JSON header is missing.
    static let w3cHeaders = [TraceParent.headerName, TraceParent.stateHeaderName, TraceParent.baggageHeaderName]

    /// Whether `name` is an HTTP field name (an RFC 9110 token).
    static func isToken(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    return true
                default:
                    return "!#$%&'*+-.^_`|~".utf8.contains(byte)
                }
            }
    }

    /// Whether `value` can be an HTTP field value as it is: visible ASCII, spaces and tabs inside.
    static func isFieldValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == 0x09 || (0x20...0x7E).contains($0) }
            && value.utf8.first != 0x20 && value.utf8.last != 0x20
    }

    /// JSON text with every character outside printable ASCII written as a `\uXXXX` escape (a
    /// surrogate pair beyond the Basic Multilingual Plane), so that it is a valid field value.
    /// Such characters only occur inside JSON strings, where the escape means the same.
    static func asciiJSON(_ json: String) -> String {
        guard !json.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else { return json }
        var result = ""
        result.reserveCapacity(json.utf8.count + 16)
        for scalar in json.unicodeScalars {
            if (0x20...0x7E).contains(scalar.value) {
                result.unicodeScalars.append(scalar)
            } else if scalar.value <= 0xFFFF {
                result += escape(UInt16(scalar.value))
            } else {
                let value = scalar.value - 0x10000
                result += escape(UInt16(0xD800 + (value >> 10)))
                result += escape(UInt16(0xDC00 + (value & 0x3FF)))
            }
        }
        return result
    }

    private static func escape(_ unit: UInt16) -> String {
        let hex = String(unit, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}

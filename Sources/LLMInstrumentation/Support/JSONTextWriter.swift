/// Writes ``JSONValue`` trees as compact JSON text without going through Foundation, so that
/// exporting stays fast and never fails on non-finite numbers. It writes UTF-8 bytes: appending
/// to a byte array is a copy, where appending to a `String` checks grapheme boundaries each time.
enum JSONTextWriter {
    static func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number):
            output.append(contentsOf: String(number).utf8)
        case .double(let number):
            if number.isFinite {
                output.append(contentsOf: number.description.utf8)
            } else {
                writeString(JSONValue.nonFiniteName(number), into: &output)
            }
        case .string(let text):
            writeString(text, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                write(members[key] ?? .null, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most strings need no escaping: copy them whole.
        let needsEscaping = text.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        guard needsEscaping else {
            output.append(contentsOf: text.utf8)
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""):
                output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"):
                output.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"):
                output.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"):
                output.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"):
                output.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: #"\u00"#.utf8)
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0xF)])
            default:
                // UTF-8 multi-byte sequences are copied as they are: JSON text is UTF-8.
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

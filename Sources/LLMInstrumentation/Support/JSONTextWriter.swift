/// Writes ``JSONValue`` trees as compact JSON text without going through Foundation, so that
/// exporting stays fast and never fails on non-finite numbers. It writes UTF-8 bytes: appending
/// to a byte array is a copy, where appending to a `String` checks grapheme boundaries each time.
enum JSONTextWriter {
    static func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null:
            appendASCII("null", to: &output)
        case .bool(let flag):
            appendASCII(flag ? "true" : "false", to: &output)
        case .int(let number):
            writeInteger(number, into: &output)
        case .double(let number):
            if number.isFinite {
                var text = number.description
                text.withUTF8 { output.append(contentsOf: $0) }
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
        case .object(let members) where members.isEmpty:
            appendASCII("{}", to: &output)
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

    /// Appends the bytes of an ASCII literal: one copy, where appending a `String`'s `utf8` view
    /// goes byte by byte.
    @inline(__always)
    static func appendASCII(_ literal: StaticString, to output: inout [UInt8]) {
        literal.withUTF8Buffer { output.append(contentsOf: $0) }
    }

    /// Writes the decimal digits of `number`, without making a `String`.
    static func writeInteger(_ number: Int, into output: inout [UInt8]) {
        if number < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            let digits = UnsafeRawBufferPointer(rebasing: buffer[start...])
            output.append(contentsOf: digits.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Writes `text` as a JSON string. Runs of bytes that need no escaping (most strings are one
    /// run) are copied whole from the string's UTF-8 storage.
    static func writeString(_ text: String, into output: inout [UInt8]) {
        var text = text
        text.withUTF8 { writeString(bytes: $0, into: &output) }
    }

    /// Writes the UTF-8 `bytes` as a JSON string.
    static func writeString(bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < index {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            }
            runStart = index + 1
            switch byte {
            case UInt8(ascii: "\""):
                appendASCII(#"\""#, to: &output)
            case UInt8(ascii: "\\"):
                appendASCII(#"\\"#, to: &output)
            case UInt8(ascii: "\n"):
                appendASCII(#"\n"#, to: &output)
            case UInt8(ascii: "\r"):
                appendASCII(#"\r"#, to: &output)
            case UInt8(ascii: "\t"):
                appendASCII(#"\t"#, to: &output)
            default:
                let hex: StaticString = "0123456789abcdef"
                appendASCII(#"\u00"#, to: &output)
                output.append(hex.utf8Start[Int(byte >> 4)])
                output.append(hex.utf8Start[Int(byte & 0xF)])
            }
        }
        // UTF-8 multi-byte sequences are copied as they are: JSON text is UTF-8.
        if runStart < bytes.count {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }
}

/// Writes ``JSONValue`` trees as compact JSON text without going through Foundation, so that
/// exporting stays fast and never fails on non-finite numbers. It writes UTF-8 bytes: appending
/// to a byte array is a copy, where appending to a `String` checks grapheme boundaries each time.
enum JSONTextWriter {
    static func write(_ value: JSONValue, into output: inout JSONByteBuffer) {
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
                text.withUTF8 { output.append($0) }
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
    static func appendASCII(_ literal: StaticString, to output: inout JSONByteBuffer) {
        output.append(literal)
    }

    /// Writes the decimal digits of `number`, without making a `String`.
    static func writeInteger(_ number: Int, into output: inout JSONByteBuffer) {
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
            output.append(digits)
        }
    }

    /// Writes `text` as a JSON string. Runs of bytes that need no escaping (most strings are one
    /// run) are copied whole from the string's UTF-8 storage.
    static func writeString(_ text: String, into output: inout JSONByteBuffer) {
        var text = text
        text.withUTF8 { writeString(bytes: $0, into: &output) }
    }

    /// Writes the UTF-8 `bytes` as a JSON string.
    static func writeString(bytes: UnsafeBufferPointer<UInt8>, into output: inout JSONByteBuffer) {
        output.append(UInt8(ascii: "\""))
        var runStart = 0
        var index = 0
        let count = bytes.count
        while index < count {
            // Eight bytes at a time while none of them needs escaping.
            if index + 8 <= count,
                !needsEscaping(UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
            {
                index += 8
                continue
            }
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            if runStart < index {
                output.append(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            }
            index += 1
            runStart = index
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
        if runStart < count {
            output.append(UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Whether any of the eight bytes in `word` is a control character, `"` or `\\`, tested in
    /// one register (the "has a zero byte" bit trick, on `word` and on `word` with each of the
    /// two characters cancelled out).
    @inline(__always)
    static func needsEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highBits != 0 }
        let hasControl = (word &- ones &* 0x20) & ~word & highBits != 0
        return hasControl || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }

    /// Writes a non-negative duration in seconds with nanosecond precision and no trailing zeros
    /// (`0.000123`), without the cost of `Double.description`; other values as Swift prints them.
    static func writeSeconds(_ seconds: Double, into output: inout JSONByteBuffer) {
        guard seconds.isFinite, seconds >= 0, seconds < 1e9 else {
            write(.double(seconds), into: &output)
            return
        }
        let nanoseconds = Int((seconds * 1e9).rounded())
        writeInteger(nanoseconds / 1_000_000_000, into: &output)
        var fraction = nanoseconds % 1_000_000_000
        output.append(UInt8(ascii: "."))
        guard fraction != 0 else {
            output.append(UInt8(ascii: "0"))
            return
        }
        var digits = 9
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var text: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &text) { buffer in
            for position in stride(from: digits - 1, through: 0, by: -1) {
                buffer[position] = UInt8(ascii: "0") + UInt8(fraction % 10)
                fraction /= 10
            }
            output.append(UnsafeRawBufferPointer(rebasing: buffer[..<digits]))
        }
    }
}

package import Foundation
package import LLMInstrumentation

/// A strict JSON parser (RFC 8259) that reads UTF-8 bytes straight into a ``JSONValue``.
///
/// It reads what `JSONDecoder().decode(JSONValue.self, from:)` reads, to the same values, without
/// Foundation's intermediate representation and without a separate UTF-8 pass:
///
/// - Strings are checked to be UTF-8 as they are read; escapes include surrogate pairs, and a lone
///   surrogate (`"\ud800"`) is an error.
/// - A number is ``JSONValue/int(_:)`` when its value, as written, is a whole number that fits in
///   `Int` (`2`, `2.0`, `2e0`, `1.5e1`), else ``JSONValue/double(_:)`` (correctly rounded); one too
///   large for a `Double` (`1e400`) is an error, as are leading zeros (`01`).
/// - An object that repeats a key keeps the first value, as `JSONDecoder` does.
/// - At most ``maximumDepth`` arrays and objects nest in one another, so that no input overflows
///   the stack.
///
/// Every error says where it stopped, as a byte offset from 0 (see ``JSONParseError``).
package struct JSONParser {
    /// How many arrays and objects may nest in one another: `JSONSerialization`'s limit.
    static let maximumDepth = 512

    private let bytes: UnsafePointer<UInt8>
    private let count: Int
    private var offset = 0
    private var depth = 0
    /// The unescaped bytes of the string being read, when it has escapes.
    private var scratch: [UInt8] = []
    /// The members of the objects being read, innermost last: one buffer for all of them, so that
    /// reading an object allocates only its dictionary.
    private var members: [(String, JSONValue)] = []
    /// The elements of the arrays being read, innermost last.
    private var elements: [JSONValue] = []

    private init(bytes: UnsafePointer<UInt8>, count: Int) {
        self.bytes = bytes
        self.count = count
    }

    /// Parses one JSON text, with optional whitespace around it.
    /// - Throws: ``JSONParseError`` for anything that is not exactly one JSON value.
    package static func parse(_ buffer: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { throw .unexpectedEnd(offset: 0) }
        var parser = JSONParser(bytes: base.assumingMemoryBound(to: UInt8.self), count: buffer.count)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.offset < parser.count {
            throw parser.invalidCharacter(at: parser.offset, expected: "end of line after the value")
        }
        return value
    }

    /// Parses the JSON text `data`.
    /// - Throws: ``JSONParseError`` for anything that is not exactly one JSON value.
    package static func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
        try data.withUnsafeBytes { buffer in Result { () throws(JSONParseError) in try parse(buffer) } }.get()
    }

    /// Parses the JSON text `text`.
    /// - Throws: ``JSONParseError`` for anything that is not exactly one JSON value.
    package static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer)) }
        }.get()
    }

    // MARK: Values

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard offset < count else { throw .unexpectedEnd(offset: offset) }
        switch bytes[offset] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "t"):
            try parseLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try parseLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try parseLiteral("null")
            return .null
        default:
            throw invalidCharacter(at: offset, expected: "a value")
        }
    }

    private mutating func parseLiteral(_ literal: StaticString) throws(JSONParseError) {
        let text = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for expected in text {
            guard offset < count else { throw .unexpectedEnd(offset: offset) }
            guard bytes[offset] == expected else { throw invalidCharacter(at: offset, expected: "'\(literal)'") }
            offset += 1
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        if try openContainer(closedBy: UInt8(ascii: "}")) { return .object([:]) }
        let first = members.count
        repeat {
            guard offset < count else { throw .unexpectedEnd(offset: offset) }
            guard bytes[offset] == UInt8(ascii: "\"") else {
                throw invalidCharacter(at: offset, expected: "a string key")
            }
            let key = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after the key")
            skipWhitespace()
            let value = try parseValue()
            members.append((key, value))
        } while try !closeMember(closedBy: UInt8(ascii: "}"), expected: "',' or '}'")
        var object = [String: JSONValue](minimumCapacity: members.count - first)
        // Backwards, so that the first of repeated keys is written last and stays.
        for index in stride(from: members.count - 1, through: first, by: -1) {
            object[members[index].0] = members[index].1
        }
        members.removeSubrange(first...)
        depth -= 1
        return .object(object)
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        if try openContainer(closedBy: UInt8(ascii: "]")) { return .array([]) }
        let first = elements.count
        repeat {
            elements.append(try parseValue())
        } while try !closeMember(closedBy: UInt8(ascii: "]"), expected: "',' or ']'")
        let array = Array(elements[first...])
        elements.removeSubrange(first...)
        depth -= 1
        return .array(array)
    }

    /// Reads the opening bracket or brace at `offset` and the whitespace after it, one level
    /// deeper.
    /// - Returns: whether the container is empty (`closing` follows, and is read, one level up again).
    private mutating func openContainer(closedBy closing: UInt8) throws(JSONParseError) -> Bool {
        depth += 1
        if depth > Self.maximumDepth { throw .tooDeep(offset: offset) }
        offset += 1
        skipWhitespace()
        guard offset < count, bytes[offset] == closing else { return false }
        offset += 1
        depth -= 1
        return true
    }

    /// Reads what follows a member or element: a comma (and the whitespace after it), or
    /// `closing`.
    /// - Returns: whether it was `closing`, which ends the container.
    private mutating func closeMember(closedBy closing: UInt8, expected: String) throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard offset < count else { throw .unexpectedEnd(offset: offset) }
        let byte = bytes[offset]
        offset += 1
        if byte == closing { return true }
        guard byte == UInt8(ascii: ",") else { throw invalidCharacter(at: offset - 1, expected: expected) }
        skipWhitespace()
        return false
    }

    // MARK: Strings

    /// Reads the string that starts at `offset` (its opening quote).
    private mutating func parseString() throws(JSONParseError) -> String {
        let start = offset + 1
        let (end, isASCII) = try scanRun(from: start)
        if bytes[end] == UInt8(ascii: "\\") {
            return try parseEscapedString(from: start, firstRunEnd: end, firstRunIsASCII: isASCII)
        }
        if !isASCII { try Self.validateUTF8(bytes, from: start, to: end) }
        offset = end + 1
        return String(decoding: UnsafeBufferPointer(start: bytes + start, count: end - start), as: UTF8.self)
    }

    /// Reads a string with escapes: `start` is just after its opening quote, and its first run of
    /// characters ends at `firstRunEnd` (a backslash).
    private mutating func parseEscapedString(
        from start: Int,
        firstRunEnd: Int,
        firstRunIsASCII: Bool
    ) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        var runStart = start
        var (end, isASCII) = (firstRunEnd, firstRunIsASCII)
        while true {
            if !isASCII { try Self.validateUTF8(bytes, from: runStart, to: end) }
            scratch.append(contentsOf: UnsafeBufferPointer(start: bytes + runStart, count: end - runStart))
            if bytes[end] == UInt8(ascii: "\"") { break }
            runStart = try readEscape(at: end)
            (end, isASCII) = try scanRun(from: runStart)
        }
        offset = end + 1
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Finds the end of the run of characters that starts at `start` inside a string: the next
    /// quote or backslash.
    /// - Returns: its offset, and whether the run is all ASCII (else it still needs its UTF-8
    ///   checked).
    /// - Throws: at a control character or the end of the text.
    private func scanRun(from start: Int) throws(JSONParseError) -> (end: Int, isASCII: Bool) {
        var index = start
        var isASCII = true
        while true {
            index = Self.skipPlainASCII(bytes, from: index, to: count)
            guard index < count else { throw .unexpectedEnd(offset: count) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return (index, isASCII)
            } else if byte < 0x20 {
                throw .controlCharacter(Unicode.Scalar(byte), offset: index)
            } else if byte >= 0x80 {
                isASCII = false
            }
            index += 1
        }
    }

    /// Appends the character that the escape at `index` (its backslash) stands for to `scratch`.
    /// - Returns: the offset just after the escape.
    private mutating func readEscape(at index: Int) throws(JSONParseError) -> Int {
        guard index + 1 < count else { throw .unexpectedEnd(offset: count) }
        let unescaped: UInt8
        switch bytes[index + 1] {
        case UInt8(ascii: "\""): unescaped = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): unescaped = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): unescaped = UInt8(ascii: "/")
        case UInt8(ascii: "b"): unescaped = 0x08
        case UInt8(ascii: "f"): unescaped = 0x0C
        case UInt8(ascii: "n"): unescaped = 0x0A
        case UInt8(ascii: "r"): unescaped = 0x0D
        case UInt8(ascii: "t"): unescaped = 0x09
        case UInt8(ascii: "u"):
            let unit = try hexUnit(at: index + 2)
            var scalarValue = UInt32(unit)
            var end = index + 6
            if (0xD800...0xDBFF).contains(unit) {
                guard end + 1 < count, bytes[end] == UInt8(ascii: "\\"), bytes[end + 1] == UInt8(ascii: "u") else {
                    throw .loneSurrogate(offset: index)
                }
                let low = try hexUnit(at: end + 2)
                guard (0xDC00...0xDFFF).contains(low) else { throw .loneSurrogate(offset: index) }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                end += 6
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw .loneSurrogate(offset: index)
            }
            // Every value left is a scalar: surrogates were paired or rejected above.
            scratch.append(contentsOf: UTF8.encode(Unicode.Scalar(scalarValue)!)!)
            return end
        default:
            throw .invalidEscape(offset: index)
        }
        scratch.append(unescaped)
        return index + 2
    }

    /// The four hex digits at `index`, as a UTF-16 code unit.
    private func hexUnit(at index: Int) throws(JSONParseError) -> UInt16 {
        var unit: UInt16 = 0
        for position in index..<index + 4 {
            guard position < count else { throw .unexpectedEnd(offset: count) }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .invalidEscape(offset: index - 2)
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }

    /// The offset of the first byte from `index` that is a quote, a backslash, a control
    /// character or not ASCII; eight bytes at a time.
    private static func skipPlainASCII(_ bytes: UnsafePointer<UInt8>, from index: Int, to end: Int) -> Int {
        var index = index
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= end {
            let word = UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self)
            let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
            let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
            // A byte's high bit is set in each term when that byte is zero, below 0x20, or not ASCII.
            let special =
                ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes) | ((word &- ones &* 0x20) & ~word)
                | word
            if special & highs != 0 { break }
            index += 8
        }
        return index
    }

    // MARK: Numbers

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = offset
        var index = offset
        let isNegative = bytes[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        let integerStart = index
        guard index < count else { throw .unexpectedEnd(offset: index) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < count, isDigit(bytes[index]) { throw .leadingZero(offset: integerStart) }
        } else if isDigit(bytes[index]) {
            index = skipDigits(from: index)
        } else {
            throw invalidCharacter(at: index, expected: "a digit")
        }
        let integerEnd = index
        var fractionStart = index
        var fractionEnd = index
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < count else { throw .unexpectedEnd(offset: index) }
            guard isDigit(bytes[index]) else { throw invalidCharacter(at: index, expected: "a digit after '.'") }
            fractionStart = index
            index = skipDigits(from: index)
            fractionEnd = index
        }
        var exponent = 0
        var hasExponent = false
        if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            hasExponent = true
            index += 1
            var isNegativeExponent = false
            if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                isNegativeExponent = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < count else { throw .unexpectedEnd(offset: index) }
            guard isDigit(bytes[index]) else { throw invalidCharacter(at: index, expected: "a digit in the exponent") }
            while index < count, isDigit(bytes[index]) {
                // Past a billion, a non-zero number is out of any range anyway.
                if exponent < 1_000_000_000 { exponent = exponent * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
                index += 1
            }
            if isNegativeExponent { exponent = -exponent }
        }
        offset = index

        // Most numbers: an integer of up to 18 digits.
        if fractionStart == fractionEnd, !hasExponent, integerEnd - integerStart <= 18 {
            var value = 0
            for position in integerStart..<integerEnd {
                value = value &* 10 &+ Int(bytes[position] &- UInt8(ascii: "0"))
            }
            return .int(isNegative ? -value : value)
        }
        return try parseGeneralNumber(
            start: start,
            isNegative: isNegative,
            integer: integerStart..<integerEnd,
            fraction: fractionStart..<fractionEnd,
            exponent: exponent
        )
    }

    /// A number with a fraction, an exponent or many digits: `.int` when its value is a whole
    /// number that fits in `Int`, else the nearest `Double`.
    private func parseGeneralNumber(
        start: Int,
        isNegative: Bool,
        integer: Range<Int>,
        fraction: Range<Int>,
        exponent: Int
    ) throws(JSONParseError) -> JSONValue {
        // The digits, integer then fraction, as positions 0..<digitCount, without leading and
        // trailing zeros: the value is significand × 10^scale.
        let digitCount = integer.count + fraction.count
        func digit(_ position: Int) -> UInt8 {
            let byte =
                position < integer.count
                ? bytes[integer.lowerBound + position] : bytes[fraction.lowerBound + position - integer.count]
            return byte &- UInt8(ascii: "0")
        }
        var first = 0
        while first < digitCount, digit(first) == 0 { first += 1 }
        if first == digitCount { return .int(0) }
        var last = digitCount - 1
        while digit(last) == 0 { last -= 1 }
        let significantDigits = last - first + 1
        let scale = exponent - fraction.count + (digitCount - 1 - last)

        if scale >= 0, significantDigits + scale <= 19 {
            var magnitude: UInt64 = 0
            for position in first...last { magnitude = magnitude * 10 + UInt64(digit(position)) }
            var fits = true
            for _ in 0..<scale {
                let (product, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                if overflow { fits = false }
                magnitude = product
            }
            if fits, magnitude <= UInt64(Int.max) {
                return .int(isNegative ? -Int(magnitude) : Int(magnitude))
            }
            if fits, isNegative, magnitude == UInt64(Int.max) + 1 {
                return .int(Int.min)
            }
        }

        var value: Double
        if significantDigits <= 15, (-22...22).contains(scale) {
            // Both the significand and the power of ten are exact doubles, so one multiplication
            // or division rounds correctly (Clinger's fast path).
            var significand: UInt64 = 0
            for position in first...last { significand = significand * 10 + UInt64(digit(position)) }
            value = Double(significand)
            value = scale < 0 ? value / Self.powersOfTen[-scale] : value * Self.powersOfTen[scale]
            if isNegative { value = -value }
        } else {
            let text = String(decoding: UnsafeBufferPointer(start: bytes + start, count: offset - start), as: UTF8.self)
            guard let parsed = Double(text) else { throw .numberOutOfRange(offset: start) }
            value = parsed
        }
        guard value.isFinite else { throw .numberOutOfRange(offset: start) }
        return .double(value)
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { product, _ in product * 10 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    private func skipDigits(from index: Int) -> Int {
        var index = index
        while index < count, isDigit(bytes[index]) { index += 1 }
        return index
    }

    // MARK: Whitespace and errors

    private mutating func skipWhitespace() {
        while offset < count {
            switch bytes[offset] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): offset += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ expected: String) throws(JSONParseError) {
        guard offset < count else { throw .unexpectedEnd(offset: offset) }
        guard bytes[offset] == byte else { throw invalidCharacter(at: offset, expected: expected) }
        offset += 1
    }

    /// The error for the character at `index`: the whole character when the bytes there are
    /// UTF-8, else an ``JSONParseError/invalidUTF8(offset:)``.
    private func invalidCharacter(at index: Int, expected: String) -> JSONParseError {
        let byte = bytes[index]
        guard byte >= 0x80 else {
            return .invalidCharacter(found: Unicode.Scalar(byte), offset: index, expected: expected)
        }
        let length = Self.sequenceLength(bytes, at: index, end: count)
        guard length > 0 else { return .invalidUTF8(offset: index) }
        var decoder = UTF8()
        var iterator = UnsafeBufferPointer(start: bytes + index, count: length).makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return .invalidUTF8(offset: index) }
        return .invalidCharacter(found: scalar, offset: index, expected: expected)
    }

    // MARK: UTF-8

    /// Checks that the bytes in `start..<end` are UTF-8 (RFC 3629: no overlong forms, no
    /// surrogates, nothing above U+10FFFF).
    private static func validateUTF8(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) throws(JSONParseError)
    {
        if let offset = firstInvalidUTF8(bytes, from: start, to: end) { throw .invalidUTF8(offset: offset) }
    }

    /// The offset of the first byte in `start..<end` that does not begin a UTF-8 sequence, or
    /// `nil` when they are all UTF-8.
    static func firstInvalidUTF8(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var index = start
        while index < end {
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            let length = sequenceLength(bytes, at: index, end: end)
            if length == 0 { return index }
            index += length
        }
        return nil
    }

    /// The length of the well-formed UTF-8 sequence of two to four bytes at `index`, or 0.
    private static func sequenceLength(_ bytes: UnsafePointer<UInt8>, at index: Int, end: Int) -> Int {
        let lead = bytes[index]
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < end && range.contains(bytes[index + offset])
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }
}

/// The W3C Trace Context `traceparent` header: `version-traceid-parentid-flags`, lower-case hex.
enum TraceParent {
    static let headerName = "traceparent"
    static let stateHeaderName = "tracestate"
    static let baggageHeaderName = "baggage"

    /// The parent (span) id of a well-formed `traceparent`, or `nil` when it is malformed: wrong
    /// lengths or separators, upper-case or non-hex digits, version `ff`, an all-zero trace or
    /// parent id, or (for version `00`) anything after the flags.
    static func parentID(of value: String) -> Substring? {
        let bytes = Array(value.utf8)
        guard bytes.count >= 55, bytes[2] == UInt8(ascii: "-"), bytes[35] == UInt8(ascii: "-"),
            bytes[52] == UInt8(ascii: "-")
        else { return nil }
        let version = bytes[0..<2]
        let traceID = bytes[3..<35]
        let parentID = bytes[36..<52]
        let flags = bytes[53..<55]
        for part in [version, traceID, parentID, flags] where !part.allSatisfy(isLowerHex) {
            return nil
        }
        guard version.elementsEqual("ff".utf8) == false else { return nil }
        if version.elementsEqual("00".utf8) {
            guard bytes.count == 55 else { return nil }
        } else if bytes.count > 55, bytes[55] != UInt8(ascii: "-") {
            return nil
        }
        guard traceID.contains(where: { $0 != UInt8(ascii: "0") }),
            parentID.contains(where: { $0 != UInt8(ascii: "0") })
        else { return nil }
        let start = value.utf8.index(value.utf8.startIndex, offsetBy: 36)
        let end = value.utf8.index(start, offsetBy: 16)
        return Substring(value.utf8[start..<end])
    }

    /// Whether `value` is a well-formed `traceparent`.
    static func isValid(_ value: String) -> Bool {
        parentID(of: value) != nil
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}

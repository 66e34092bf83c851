import Synchronization

/// Makes the unique parts of span and event ids: UUID-shaped, unique within the process and, by a
/// random per-process suffix, across processes, at the cost of one atomic increment instead of the
/// ~2 µs of `Foundation.UUID()`.
enum UniqueID {
    private static let processSuffix: UInt64 = UInt64.random(in: UInt64.min...UInt64.max)
    private static let counter = Atomic<UInt64>(0)

    /// A fresh 64-bit value, never the same twice in this process.
    static func nextRaw() -> UInt64 {
        counter.add(1, ordering: .relaxed).newValue
    }

    /// A fresh id in the familiar 8-4-4-4-12 hexadecimal form.
    static func next() -> String {
        format(nextRaw())
    }

    /// The length of a formatted id.
    static let formattedLength = 36

    /// Formats a raw value from ``nextRaw()`` in the 8-4-4-4-12 hexadecimal form. The counter is
    /// scrambled by a bijection (so distinct counters stay distinct) to look like random ids.
    static func format(_ raw: UInt64) -> String {
        String(unsafeUninitializedCapacity: formattedLength) { buffer in
            write(raw, into: buffer)
            return formattedLength
        }
    }

    /// Writes the formatted id of `raw` into the first ``formattedLength`` bytes of `buffer`.
    static func write(_ raw: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        precondition(buffer.count >= formattedLength)
        let base = buffer.baseAddress!
        // 8-4-4 digits of the scrambled counter, then 4-12 of the process suffix, dash-separated.
        writeHex(scramble(raw) >> 32, digits: 8, to: base)
        base[8] = 0x2D
        writeHex(scramble(raw) >> 16, digits: 4, to: base + 9)
        base[13] = 0x2D
        writeHex(scramble(raw), digits: 4, to: base + 14)
        base[18] = 0x2D
        let suffix = processSuffix
        writeHex(suffix >> 48, digits: 4, to: base + 19)
        base[23] = 0x2D
        writeHex(suffix, digits: 12, to: base + 24)
    }

    /// Writes the low `digits` hex digits of `value`, most significant first.
    @inline(__always)
    private static func writeHex(_ value: UInt64, digits: Int, to start: UnsafeMutablePointer<UInt8>) {
        var remaining = value
        var index = digits - 1
        while index >= 0 {
            let nibble = UInt8(truncatingIfNeeded: remaining) & 0xF
            start[index] = nibble &+ (nibble < 10 ? 0x30 : 0x57)
            remaining >>= 4
            index -= 1
        }
    }

    /// The splitmix64 finaliser: a bijection on 64-bit values.
    private static func scramble(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import Synchronization

/// Makes the unique parts of span and event ids: UUID-shaped, unique within the process and, by a
/// random per-process suffix, across processes, at the cost of an atomic increment instead of the
/// ~2 µs of `Foundation.UUID()`.
enum UniqueID {
    private static let processSuffix: UInt64 = UInt64.random(in: UInt64.min...UInt64.max)
    private static let counter = Atomic<UInt64>(0)

    /// A fresh 64-bit value, never `0` and never the same twice in this process: one relaxed
    /// atomic increment.
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

    /// The last 18 bytes of every formatted id, `"-xxxx-xxxxxxxxxxxx"` from the process suffix,
    /// formatted once.
    private static let suffixBytes: (UInt64, UInt64, UInt16) = {
        var bytes = [UInt8](repeating: 0, count: 24)
        bytes[0] = 0x2D
        writeHex(processSuffix >> 48, digits: 4, to: &bytes, at: 1)
        bytes[5] = 0x2D
        writeHex(processSuffix, digits: 12, to: &bytes, at: 6)
        return bytes.withUnsafeBytes {
            (
                $0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                $0.loadUnaligned(fromByteOffset: 16, as: UInt16.self)
            )
        }
    }()

    /// Writes the formatted id of `raw` into the first ``formattedLength`` bytes of `buffer`:
    /// 8-4-4 digits of the scrambled counter, then the formatted process suffix.
    @inline(__always)
    static func write(_ raw: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        precondition(buffer.count >= formattedLength)
        let base = UnsafeMutableRawPointer(buffer.baseAddress!)
        let scrambled = scramble(raw)
        base.storeBytes(of: hexDigits(UInt32(truncatingIfNeeded: scrambled >> 32)), as: UInt64.self)
        base.storeBytes(of: 0x2D, toByteOffset: 8, as: UInt8.self)
        base.storeBytes(of: hexDigits(UInt32(truncatingIfNeeded: scrambled)), toByteOffset: 9, as: UInt64.self)
        // Digits 5-8 of the low half move one byte on, to make room for the dash.
        let lastFour = base.loadUnaligned(fromByteOffset: 13, as: UInt32.self)
        base.storeBytes(of: lastFour, toByteOffset: 14, as: UInt32.self)
        base.storeBytes(of: 0x2D, toByteOffset: 13, as: UInt8.self)
        let suffix = suffixBytes
        base.storeBytes(of: suffix.0, toByteOffset: 18, as: UInt64.self)
        base.storeBytes(of: suffix.1, toByteOffset: 26, as: UInt64.self)
        base.storeBytes(of: suffix.2, toByteOffset: 34, as: UInt16.self)
    }

    /// The 8 lower-case hex digits of `value`, most significant first once stored, computed
    /// in one register (each nibble spread to a byte, then turned into its ASCII digit).
    @inline(__always)
    static func hexDigits(_ value: UInt32) -> UInt64 {
        var x = UInt64(value)
        x = ((x & 0xFFFF_0000) << 16) | (x & 0xFFFF)
        x = ((x & 0x0000_FF00_0000_FF00) << 8) | (x & 0x0000_00FF_0000_00FF)
        x = ((x & 0x00F0_00F0_00F0_00F0) << 4) | (x & 0x000F_000F_000F_000F)
        let letters = ((x &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        x = x &+ 0x3030_3030_3030_3030 &+ letters &* 0x27
        return x.bigEndian
    }

    /// Writes the low `digits` hex digits of `value`, most significant first.
    private static func writeHex(_ value: UInt64, digits: Int, to bytes: inout [UInt8], at start: Int) {
        var remaining = value
        var index = digits - 1
        while index >= 0 {
            let nibble = UInt8(truncatingIfNeeded: remaining) & 0xF
            bytes[start + index] = nibble &+ (nibble < 10 ? 0x30 : 0x57)
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

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

    /// The two lowercase hex digits of every byte, as one little-endian `UInt16` each.
    private static let hexPairs: [UInt16] = (0..<256).map { byte in
        func digit(_ nibble: Int) -> UInt16 { UInt16(nibble < 10 ? 0x30 + nibble : 0x57 + nibble) }
        return digit(byte >> 4) | digit(byte & 0xF) << 8
    }

    /// Writes the formatted id of `raw` into the first ``formattedLength`` bytes of `buffer`.
    static func write(_ raw: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        precondition(buffer.count >= formattedLength)
        let base = UnsafeMutableRawPointer(buffer.baseAddress!)
        hexPairs.withUnsafeBufferPointer { pairs in
            // Byte i of a value (most significant first) goes to the given offset: 8-4-4-4-12.
            func put(_ value: UInt64, _ offsets: [Int]) {
                for (index, offset) in offsets.enumerated() {
                    let byte = Int(truncatingIfNeeded: value >> UInt64(56 - 8 * index)) & 0xFF
                    base.storeBytes(of: pairs[byte], toByteOffset: offset, as: UInt16.self)
                }
            }
            put(scramble(raw), Self.highOffsets)
            put(processSuffix, Self.lowOffsets)
        }
        for dash in [8, 13, 18, 23] {
            base.storeBytes(of: 0x2D, toByteOffset: dash, as: UInt8.self)
        }
    }

    private static let highOffsets = [0, 2, 4, 6, 9, 11, 14, 16]
    private static let lowOffsets = [19, 21, 24, 26, 28, 30, 32, 34]

    /// The splitmix64 finaliser: a bijection on 64-bit values.
    private static func scramble(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

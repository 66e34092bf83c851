import Synchronization

/// A fixed-size, lock-free cache of ``SpanNameEntry``s by method name and type.
///
/// A slot is written once, by compare-and-swap from empty, with an entry that is never freed;
/// a reader needs one acquiring load and no reference counting. A name whose slot another name
/// took gets an entry of its own that is not cached (and is freed with its last id), so a program
/// that makes span names without end (a name with a request id in it) costs at most the slots.
final class SpanNameCache: Sendable {
    private final class Slot: Sendable {
        let entry = Atomic<UInt>(0)
    }

    private let slots: [Slot]

    init(slotCount: Int = 512) {
        slots = (0..<slotCount).map { _ in Slot() }
    }

    /// The entry of `name` (whose ``hash(of:)`` is `hash`) of `type`; `makePrefix` makes its
    /// prefix when it is not cached.
    func entry(
        name: String,
        hash: UInt64,
        type: (any Any.Type)?,
        makePrefix: () -> String
    ) -> SpanID.NameReference {
        let typeKey = type.map { UInt(bitPattern: ObjectIdentifier($0)) } ?? 0
        let mixed = (hash ^ UInt64(typeKey >> 3)) &* 0x9E37_79B9_7F4A_7C15
        let slot = slots[Int(truncatingIfNeeded: mixed >> 40) % slots.count]
        let published = slot.entry.load(ordering: .acquiring)
        if published != 0 {
            let matches = Unmanaged<SpanNameEntry>.fromOpaque(UnsafeRawPointer(bitPattern: published)!)
                ._withUnsafeGuaranteedRef { $0.matches(name: name, typeKey: typeKey) }
            if matches { return .cached(published) }
        }
        let entry = SpanNameEntry(
            typeKey: typeKey,
            givenName: name,
            typeName: type.map(SpanIDFormatter.name(of:)) ?? "",
            prefix: makePrefix()
        )
        guard published == 0 else { return .uncached(entry) }
        let retained = Unmanaged.passRetained(entry)
        let raw = UInt(bitPattern: retained.toOpaque())
        if slot.entry.compareExchange(expected: 0, desired: raw, ordering: .acquiringAndReleasing).exchanged {
            return .cached(raw)
        }
        retained.release()
        return .uncached(entry)
    }

    /// A quick hash of a name's UTF-8 bytes: a mix of its length and its first and last eight
    /// bytes (a collision only costs a name its place in the cache).
    static func hash(of bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var first: UInt64 = 0
        var last: UInt64 = 0
        if let base = bytes.baseAddress, bytes.count >= 8 {
            let raw = UnsafeRawPointer(base)
            first = raw.loadUnaligned(as: UInt64.self)
            last = raw.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
        } else {
            for byte in bytes { first = first << 8 | UInt64(byte) }
        }
        var mixed = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        mixed = (mixed ^ first) &* 0xBF58_476D_1CE4_E5B9
        return (mixed ^ last) &* 0x94D0_49BB_1331_11EB
    }
}

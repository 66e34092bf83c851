import Synchronization

/// A small, lock-free, fixed-size cache from a non-zero machine word (a pointer, a type's
/// identity) to a value, for lookups on the hot path.
///
/// Each slot is written once, by compare-and-swap from empty, with an entry that is never freed,
/// so a reader needs one acquiring load and no reference counting on the published pointer. At
/// most `slotCount` entries ever exist; a key whose slot another key took is simply not cached.
final class WriteOnceCache<Value: Sendable>: Sendable {
    private final class Entry: Sendable {
        let key: UInt
        let value: Value
        init(key: UInt, value: Value) {
            self.key = key
            self.value = value
        }
    }

    private final class Slot: Sendable {
        let entry = Atomic<UInt>(0)
    }

    private let slots: [Slot]

    init(slotCount: Int = 128) {
        slots = (0..<slotCount).map { _ in Slot() }
    }

    private func slot(for key: UInt) -> Slot {
        // Pointers and type identities are aligned: skip the low bits, mix the rest.
        let mixed = (key >> 3) &* 0x9E37_79B9_7F4A_7C15
        return slots[Int(truncatingIfNeeded: mixed >> 32) % slots.count]
    }

    /// The value cached for `key`, if any.
    func value(forKey key: UInt) -> Value? {
        let published = slot(for: key).entry.load(ordering: .acquiring)
        guard published != 0 else { return nil }
        let entry = Unmanaged<Entry>.fromOpaque(UnsafeRawPointer(bitPattern: published)!).takeUnretainedValue()
        return entry.key == key ? entry.value : nil
    }

    /// The value cached for `key`, or `make()`'s, which is cached if the slot is still free.
    func value(forKey key: UInt, orMake make: () -> Value) -> Value {
        if let cached = value(forKey: key) { return cached }
        let value = make()
        let slot = slot(for: key)
        guard slot.entry.load(ordering: .relaxed) == 0 else { return value }
        let entry = Unmanaged.passRetained(Entry(key: key, value: value))
        let raw = UInt(bitPattern: entry.toOpaque())
        if !slot.entry.compareExchange(expected: 0, desired: raw, ordering: .acquiringAndReleasing).exchanged {
            entry.release()
        }
        return value
    }
}

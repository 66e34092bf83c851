import Synchronization

/// A small, lock-free, fixed-size cache from a non-zero machine word (a pointer, a type's
/// identity) to an object, for lookups on the hot path.
///
/// Each slot is two words, the object and its key, each written once: the object by
/// compare-and-swap from empty (the cache keeps it for good), then the key, with release
/// ordering. A reader loads the key with acquire ordering and, when it matches, the object,
/// with no reference counting inside the cache. At most `slotCount` entries ever exist; a key
/// whose slot another key took is simply not cached.
final class WriteOnceCache<Value: AnyObject & Sendable>: @unchecked Sendable {
    private let slotCount: Int
    /// The keys, zero while a slot is empty or being written.
    private let keys: UnsafeMutablePointer<Atomic<UInt>>
    /// The objects, retained once by the cache.
    private let values: UnsafeMutablePointer<Atomic<UInt>>

    init(slotCount: Int = 128) {
        self.slotCount = slotCount
        keys = .allocate(capacity: slotCount)
        values = .allocate(capacity: slotCount)
        for slot in 0..<slotCount {
            (keys + slot).initialize(to: Atomic(0))
            (values + slot).initialize(to: Atomic(0))
        }
    }

    deinit {
        for slot in 0..<slotCount {
            let raw = values[slot].load(ordering: .relaxed)
            if let pointer = UnsafeRawPointer(bitPattern: raw) { Unmanaged<Value>.fromOpaque(pointer).release() }
        }
        keys.deinitialize(count: slotCount)
        values.deinitialize(count: slotCount)
        keys.deallocate()
        values.deallocate()
    }

    private func slot(for key: UInt) -> Int {
        // Pointers and type identities are aligned: skip the low bits, mix the rest.
        let mixed = (key >> 3) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 32) % slotCount
    }

    /// The object cached for `key`, if any.
    func value(forKey key: UInt) -> Value? {
        let slot = slot(for: key)
        guard keys[slot].load(ordering: .acquiring) == key else { return nil }
        let raw = values[slot].load(ordering: .relaxed)
        return Unmanaged<Value>.fromOpaque(UnsafeRawPointer(bitPattern: raw)!).takeUnretainedValue()
    }

    /// The object cached for `key`, or `make()`'s, which is cached if the slot is still free.
    func value(forKey key: UInt, orMake make: () -> Value) -> Value {
        if let cached = value(forKey: key) { return cached }
        let value = make()
        let slot = slot(for: key)
        guard values[slot].load(ordering: .relaxed) == 0 else { return value }
        let retained = Unmanaged.passRetained(value)
        let raw = UInt(bitPattern: retained.toOpaque())
        if values[slot].compareExchange(expected: 0, desired: raw, ordering: .relaxed).exchanged {
            keys[slot].store(key, ordering: .releasing)
        } else {
            retained.release()
        }
        return value
    }
}

import Foundation

/// The spans open in one span handler, as slots: for each open span its id (when it was entered
/// by hand) and when it started. The handler's span values themselves sit in the same slots of
/// storage that ``TypedSpanHandlerRegistration`` keeps, so that this table, and everything
/// done on it, is of concrete types: generic code over the handler's span type would look up the
/// metadata of each type built on it (a dictionary of them, an optional one) on every span.
/// Guarded by its registration's lock.
struct OpenSpanTable: Sendable {
    /// What the table knows of one open span (plain values only, so that moving entries costs no
    /// reference counting).
    struct Entry: Sendable {
        /// Tells a slot's current span from an earlier one in the same slot.
        var serial: Int
        /// Whether the span was entered by hand, so found by its id (in `slotsByID`), not by a key.
        var isFoundByID: Bool
        var startTime: Date
        var startInstant: UInt64
    }

    /// An open span, as removed from the table: its slot, whose span value the caller takes, and
    /// its entry.
    struct Removed {
        var slot: Int
        var entry: Entry
    }

    private var entries: [Entry?] = []
    private var freeSlots: [Int] = []
    private var slotsByID: [String: Int] = [:]
    private var nextSerial = 0
    private(set) var count = 0
    /// Set by a shutdown when it takes the open spans: no span is added afterwards.
    var isClosing = false

    /// The number of slots: the storage for span values must hold this many.
    var slotCount: Int { entries.count }

    /// A key holds the slot in its low 32 bits and the serial above them.
    private static let slotBits = 32

    func contains(id: String) -> Bool {
        slotsByID[id] != nil
    }

    /// Keeps a new open span and returns its key and its slot (a free one, or a new one at the
    /// end when none is free).
    mutating func insert(id: String?, startTime: Date, startInstant: UInt64) -> (key: Int, slot: Int) {
        let serial = nextSerial
        nextSerial = (nextSerial &+ 1) & (1 << (Int.bitWidth - Self.slotBits - 1) - 1)
        let entry = Entry(serial: serial, isFoundByID: id != nil, startTime: startTime, startInstant: startInstant)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            entries[slot] = entry
        } else {
            slot = entries.count
            entries.append(entry)
        }
        if let id { slotsByID[id] = slot }
        count += 1
        return (serial << Self.slotBits | slot, slot)
    }

    /// Removes the open span `key`, if it is still open (and was not entered by hand).
    mutating func remove(key: Int) -> Removed? {
        let slot = key & (1 << Self.slotBits - 1)
        guard slot < entries.count, let entry = entries[slot], entry.serial == key >> Self.slotBits, !entry.isFoundByID
        else {
            return nil
        }
        return free(slot, entry)
    }

    /// Removes the open span entered by hand with the id `id`, if any.
    mutating func remove(id: String) -> Removed? {
        guard let slot = slotsByID.removeValue(forKey: id), let entry = entries[slot] else { return nil }
        return free(slot, entry)
    }

    /// Removes every open span, oldest first.
    mutating func removeAll() -> [Removed] {
        let all = entries.indices.compactMap { slot in entries[slot].map { Removed(slot: slot, entry: $0) } }
        entries.removeAll()
        freeSlots.removeAll()
        slotsByID.removeAll()
        count = 0
        return all.sorted { $0.entry.serial < $1.entry.serial }
    }

    /// The slots that hold a span.
    var occupiedSlots: [Int] {
        entries.indices.filter { entries[$0] != nil }
    }

    private mutating func free(_ slot: Int, _ entry: Entry) -> Removed {
        entries[slot] = nil
        freeSlots.append(slot)
        count -= 1
        return Removed(slot: slot, entry: entry)
    }
}

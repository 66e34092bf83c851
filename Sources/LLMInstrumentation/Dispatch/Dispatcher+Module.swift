import Synchronization

extension Dispatcher {
    /// The dispatcher of the module the calling file belongs to, in the shared registry: the
    /// counterpart of the reference's `get_dispatcher(__name__)`, and what `@Spanned` uses when no
    /// dispatcher is named.
    ///
    /// `#fileID` is `"Module/File.swift"`, so `Dispatcher.forModule()` in module `MyApp` is
    /// `Dispatcher.named("MyApp")`. The lookup is cached per call site's file: after the first call
    /// it costs a few atomic loads, no lock.
    public static func forModule(fileID: StaticString = #fileID) -> Dispatcher {
        ModuleDispatcherCache.dispatcher(forFileID: fileID)
    }

    /// The module part of a `#fileID` (`"MyApp/Sources/File.swift"` → `"MyApp"`).
    static func moduleName(fromFileID fileID: String) -> String {
        fileID.firstIndex(of: "/").map { String(fileID[..<$0]) } ?? fileID
    }
}

/// A small lock-free cache from a `#fileID` literal's address to its module's dispatcher.
///
/// Each slot is written once (compare-and-swap from empty) with an entry that is never freed, so a
/// reader needs one acquiring load and no reference counting on the published pointer; at most
/// `slotCount` entries ever exist. A slot taken by another file falls back to the registry lookup.
enum ModuleDispatcherCache {
    private final class Entry: Sendable {
        let key: UInt
        let dispatcher: Dispatcher
        init(key: UInt, dispatcher: Dispatcher) {
            self.key = key
            self.dispatcher = dispatcher
        }
    }

    private final class Slot: Sendable {
        let entry = Atomic<UInt>(0)
    }

    private static let slotCount = 128
    private static let slots: [Slot] = (0..<slotCount).map { _ in Slot() }

    static func dispatcher(forFileID fileID: StaticString) -> Dispatcher {
        let key = fileID.hasPointerRepresentation ? UInt(bitPattern: fileID.utf8Start) : 0
        let slot = slots[Int((key >> 3) % UInt(slotCount))]
        let published = slot.entry.load(ordering: .acquiring)
        if published != 0, key != 0 {
            let entry = Unmanaged<Entry>.fromOpaque(UnsafeRawPointer(bitPattern: published)!).takeUnretainedValue()
            if entry.key == key { return entry.dispatcher }
        }
        let name = fileID.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
        let dispatcher = DispatcherRegistry.shared.dispatcher(named: Dispatcher.moduleName(fromFileID: name))
        if published == 0, key != 0 {
            let entry = Unmanaged.passRetained(Entry(key: key, dispatcher: dispatcher))
            let raw = UInt(bitPattern: entry.toOpaque())
            if !slot.entry.compareExchange(expected: 0, desired: raw, ordering: .acquiringAndReleasing).exchanged {
                entry.release()
            }
        }
        return dispatcher
    }
}

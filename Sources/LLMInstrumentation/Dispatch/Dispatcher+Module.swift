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

/// The module dispatchers by the address of a `#fileID` literal.
enum ModuleDispatcherCache {
    private static let cache = WriteOnceCache<Dispatcher>()

    static func dispatcher(forFileID fileID: StaticString) -> Dispatcher {
        func lookUp() -> Dispatcher {
            let name = fileID.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
            return DispatcherRegistry.shared.dispatcher(named: Dispatcher.moduleName(fromFileID: name))
        }
        guard fileID.hasPointerRepresentation else { return lookUp() }
        return cache.value(forKey: UInt(bitPattern: fileID.utf8Start), orMake: lookUp)
    }
}

import Synchronization

/// Builds span ids, `"<Type>.<method>-<unique>"` or `"<function>-<unique>"`, and remembers type
/// names, which `String(describing:)` would otherwise demangle on every span.
///
/// The scoped span API asks for a ``SpanID``, whose text is made only when read; its name part is
/// the function's own string, or a ``SpanNameEntry`` found in a small cache of names, so that
/// entering a span allocates nothing for its id.
enum SpanIDFormatter {
    /// A type's name, kept for good by the cache of names.
    private final class TypeName: Sendable {
        let text: String
        init(_ text: String) { self.text = text }
    }

    private static let typeNames = WriteOnceCache<TypeName>(slotCount: 256)
    private static let spanNames = SpanNameCache()

    /// The name of `type`, as `String(describing:)` gives it (`"Retriever"`, `"Box<Int>"`).
    static func name(of type: any Any.Type) -> String {
        typeNames.value(forKey: UInt(bitPattern: ObjectIdentifier(type))) {
            TypeName(String(describing: type))
        }.text
    }

    /// The runtime type of `instance`; when `instance` is itself a type (as the `@Spanned` macro
    /// passes `type(of: self)`, and `self` in a static method), that type.
    static func type(of instance: Any) -> any Any.Type {
        if let type = instance as? any Any.Type {
            return type
        }
        return Swift.type(of: instance)
    }

    /// The runtime type name of `instance` (see ``type(of:)``).
    static func typeName(of instance: Any) -> String {
        name(of: type(of: instance))
    }

    /// A new span id for the method or function `name` (argument labels, from `"("` on, are left
    /// out) of `type`, if any; its text is not made.
    static func makeSpanID(name: borrowing String, type: (any Any.Type)?) -> SpanID {
        let unique = UniqueID.nextRaw()
        // Read in place where the text is contiguous (always, for native and literal strings).
        let hasLabels =
            name.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: "(")) }
            ?? name.utf8.contains(UInt8(ascii: "("))
        if type == nil, !hasLabels {
            // A function's own name (usually a literal: no reference counting) is the prefix.
            return SpanID(prefix: copy name, unique: unique)
        }
        var name = copy name
        let nameHash = name.withUTF8 { SpanNameCache.hash(of: $0) }
        let entry = spanNames.entry(name: name, hash: nameHash, type: type) {
            name.withUTF8 { prefix(of: $0, typeName: type.map(Self.name(of:))) }
        }
        return SpanID(name: entry, unique: unique)
    }

    /// A new span id for the method or function `name` of the type named `typeName`, as text.
    static func makeID(name: String, typeName: String?) -> String {
        var name = name
        return name.withUTF8 { format(prefix: prefix(of: $0, typeName: typeName), unique: UniqueID.nextRaw()) }
    }

    /// `"<typeName>.<method>"`, or `"<method>"` without a type, from the UTF-8 bytes of a name
    /// (argument labels left out).
    private static func prefix(of nameBytes: UnsafeBufferPointer<UInt8>, typeName: String?) -> String {
        let methodLength = nameBytes.firstIndex(of: UInt8(ascii: "(")) ?? nameBytes.count
        let method = String(decoding: UnsafeBufferPointer(rebasing: nameBytes[..<methodLength]), as: UTF8.self)
        guard let typeName else { return method }
        return typeName + "." + method
    }

    /// The text of the id with name part `prefix` and unique number `unique`: the prefix, `"-"`
    /// and the unique number in the 8-4-4-4-12 form, made with one allocation.
    static func format(prefix: String, unique: UInt64) -> String {
        var prefix = prefix
        return prefix.withUTF8 { prefixBytes in
            let total = prefixBytes.count + 1 + UniqueID.formattedLength
            return String(unsafeUninitializedCapacity: total) { buffer in
                let base = UnsafeMutableRawPointer(buffer.baseAddress!)
                if let start = prefixBytes.baseAddress {
                    base.copyMemory(from: start, byteCount: prefixBytes.count)
                }
                base.storeBytes(of: UInt8(ascii: "-"), toByteOffset: prefixBytes.count, as: UInt8.self)
                UniqueID.write(unique, into: UnsafeMutableBufferPointer(rebasing: buffer[(prefixBytes.count + 1)...]))
                return total
            }
        }
    }
}

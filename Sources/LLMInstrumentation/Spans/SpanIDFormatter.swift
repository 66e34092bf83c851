/// Builds span ids, `"<Type>.<method>-<unique>"` or `"<function>-<unique>"`, with one allocation,
/// and remembers type names, which `String(describing:)` would otherwise demangle on every span.
enum SpanIDFormatter {
    private static let typeNames = WriteOnceCache<String>(slotCount: 256)

    /// The name of `type`, as `String(describing:)` gives it (`"Retriever"`, `"Box<Int>"`).
    static func name(of type: any Any.Type) -> String {
        typeNames.value(forKey: UInt(bitPattern: ObjectIdentifier(type))) {
            String(describing: type)
        }
    }

    /// The runtime type name of `instance`; when `instance` is itself a type (as the `@Spanned`
    /// macro passes `type(of: self)`, and `self` in a static method), that type's name.
    static func typeName(of instance: Any) -> String {
        if let type = instance as? any Any.Type {
            return name(of: type)
        }
        return name(of: type(of: instance))
    }

    /// A new span id for the method or function `name` (argument labels, from `"("` on, are left
    /// out) of the type named `typeName`, if any.
    static func makeID(name: String, typeName: String?) -> String {
        var name = name
        var typeName = typeName
        return name.withUTF8 { nameBytes in
            let methodLength = nameBytes.firstIndex(of: UInt8(ascii: "(")) ?? nameBytes.count
            let method = UnsafeBufferPointer(rebasing: nameBytes[..<methodLength])
            guard typeName != nil else {
                return build(type: nil, method: method)
            }
            return typeName!.withUTF8 { build(type: $0, method: method) }
        }
    }

    private static func build(type: UnsafeBufferPointer<UInt8>?, method: UnsafeBufferPointer<UInt8>) -> String {
        let typeLength = type.map { $0.count + 1 } ?? 0
        let total = typeLength + method.count + 1 + UniqueID.formattedLength
        let raw = UniqueID.nextRaw()
        return String(unsafeUninitializedCapacity: total) { buffer in
            let base = UnsafeMutableRawPointer(buffer.baseAddress!)
            var position = 0
            if let type, let start = type.baseAddress {
                base.copyMemory(from: start, byteCount: type.count)
                base.storeBytes(of: UInt8(ascii: "."), toByteOffset: type.count, as: UInt8.self)
                position = type.count + 1
            }
            if let start = method.baseAddress {
                (base + position).copyMemory(from: start, byteCount: method.count)
            }
            position += method.count
            base.storeBytes(of: UInt8(ascii: "-"), toByteOffset: position, as: UInt8.self)
            position += 1
            UniqueID.write(raw, into: UnsafeMutableBufferPointer(rebasing: buffer[position...]))
            return total
        }
    }
}

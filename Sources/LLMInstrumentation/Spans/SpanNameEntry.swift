/// The name part of the ids of one spanned method or function, made once and kept for the life
/// of the process: the name as the caller gives it, its type, and the `"<Type>.<method>"` text
/// that begins its span ids.
///
/// Entries are never freed (the cache that holds them has a fixed number of slots), so a
/// ``SpanID`` refers to one by its address, without reference counting.
final class SpanNameEntry: Sendable {
    /// The type's identity, `0` for a function.
    let typeKey: UInt
    /// The name as given, argument labels included.
    let givenName: String
    /// The type's name, empty for a function.
    let typeName: String
    /// `"<Type>.<method>"`, or the function's name without argument labels.
    let prefix: String

    init(typeKey: UInt, givenName: String, typeName: String, prefix: String) {
        self.typeKey = typeKey
        self.givenName = givenName
        self.typeName = typeName
        self.prefix = prefix
    }

    /// Whether this entry is the name `name` of the type `typeKey`.
    func matches(name: String, typeKey: UInt) -> Bool {
        self.typeKey == typeKey && givenName == name
    }
}

/// A span id as the dispatcher carries it: its name part and its unique number, formatted as
/// `"<name>-<unique>"` only when someone reads it as text.
///
/// Formatting an id makes a heap string (an allocation, and an atomic reference count on every
/// copy), and most spans are never read as text: ``SimpleSpanHandler`` records them, the active
/// span's id goes into every event, and only a reader of the record formats them. The name part
/// is the caller's string (a literal for `@Spanned` and `#function`, which costs no reference
/// counting) or a cached `"<Type>.<method>"`, so carrying an id copies no heap storage.
///
/// An id that came as text (restored from another process, given by hand to ``Dispatcher/spanEnter(id:boundArguments:instance:parentID:tags:)``)
/// is kept whole in ``prefix`` with a ``unique`` of `0`. Two ids are equal when their text is.
@usableFromInline
struct SpanID: Sendable, Hashable {
    /// The name part (`"<function>"`) when ``unique`` is not `0` and the name is not cached, the
    /// whole id when ``unique`` is `0`, else empty.
    private let storedText: String
    /// The address of the cached ``SpanNameEntry`` that names the span, or `0`. Entries in the
    /// cache are never freed, so the address needs no reference counting.
    private let nameBits: UInt
    /// The unique number from ``UniqueID/nextRaw()`` (never `0`), or `0` for an id kept as text.
    let unique: UInt64

    /// How a new id's name is found: cached (by address), or an entry of its own.
    enum NameReference {
        /// A cached entry's address.
        case cached(UInt)
        /// An entry that is not cached.
        case uncached(SpanNameEntry)
    }

    /// No span: the empty id.
    static var none: SpanID { SpanID(text: "") }

    /// A new id for the span named `prefix`.
    init(prefix: String, unique: UInt64) {
        self.storedText = prefix
        self.nameBits = 0
        self.unique = unique
    }

    /// A new id for the span named by `name`.
    init(name: NameReference, unique: UInt64) {
        switch name {
        case .cached(let bits):
            self.storedText = ""
            self.nameBits = bits
        case .uncached(let entry):
            self.storedText = entry.prefix
            self.nameBits = 0
        }
        self.unique = unique
    }

    /// An id given as text, kept as it is.
    init(text: String) {
        self.storedText = text
        self.nameBits = 0
        self.unique = 0
    }

    /// An id given as optional text; `nil` is ``none``.
    init(optionalText text: String?) {
        self.init(text: text ?? "")
    }

    private func withCachedName<R>(_ body: (SpanNameEntry) -> R) -> R {
        Unmanaged<SpanNameEntry>.fromOpaque(UnsafeRawPointer(bitPattern: nameBits)!)._withUnsafeGuaranteedRef(body)
    }

    /// Whether the id's name is a cached entry (which also holds the type's name).
    var hasCachedName: Bool { nameBits != 0 }

    /// Whether this is no span.
    var isEmpty: Bool { unique == 0 && storedText.isEmpty }

    /// The name part of a new id, or the whole of an id kept as text.
    var prefix: String {
        nameBits == 0 ? storedText : withCachedName { $0.prefix }
    }

    /// The type name the id was made with, when its name is cached and names a type.
    var cachedTypeName: String? {
        guard nameBits != 0 else { return nil }
        let typeName = withCachedName { $0.typeName }
        return typeName.isEmpty ? nil : typeName
    }

    /// The id as text: `"<name>-<8-4-4-4-12 hex digits>"`.
    var text: String {
        unique == 0 ? storedText : SpanIDFormatter.format(prefix: prefix, unique: unique)
    }

    /// The id as text, `nil` for no span.
    var optionalText: String? { isEmpty ? nil : text }

    @usableFromInline
    static func == (lhs: SpanID, rhs: SpanID) -> Bool {
        if lhs.unique != 0, rhs.unique != 0 {
            return lhs.unique == rhs.unique
                && (lhs.nameBits == rhs.nameBits && lhs.storedText == rhs.storedText || lhs.prefix == rhs.prefix)
        }
        return lhs.text == rhs.text
    }

    @usableFromInline
    func hash(into hasher: inout Hasher) {
        hasher.combine(text)
    }
}

/// Hides the arguments of spanned calls that may hold secrets or personal data, before any span
/// handler sees them.
///
/// `@Spanned` and `@Instrumented` capture every argument of a call, and handlers write them to
/// files and tracing backends. A dispatcher therefore masks arguments whose names say they are
/// secret: by default ``defaultNames`` (`apiKey`, `password`, `authorization`, ...), compared
/// without case, `_` or `-` (`api_key`, `API-Key` and `apiKey` are the same name). Set your own on
/// a dispatcher; its descendants inherit it:
///
/// ```swift
/// Dispatcher.root.argumentRedaction = .default.adding(["ssn", "email"])
/// Dispatcher.named("MyApp.debug").argumentRedaction = .disabled
/// Dispatcher.root.argumentRedaction = ArgumentRedaction { argument in
///     argument.name.hasPrefix("secret") ? nil : argument   // nil drops the argument
/// }
/// ```
///
/// It applies to the arguments of scoped, manual and stream spans, by name. What of the content
/// of events, arguments and results may be recorded (messages, texts, images, embeddings, the
/// length of a text) is a dispatcher's ``ContentPolicy``.
public struct ArgumentRedaction: Sendable {
    /// What happens to an argument whose name is redacted.
    public enum Treatment: Sendable, Hashable {
        /// The value is replaced by this text.
        case mask(String)
        /// The argument is left out.
        case drop
    }

    /// The names redacted by default.
    public static let defaultNames: Set<String> = [
        "apiKey", "password", "passwd", "passphrase", "authorization", "secret", "clientSecret", "token",
        "accessToken", "refreshToken", "privateKey", "cookie", "credentials",
    ]

    /// The dispatchers' default: ``defaultNames`` masked as `"[REDACTED]"`.
    public static let `default` = ArgumentRedaction(names: defaultNames)

    /// Redacts nothing.
    public static let disabled = ArgumentRedaction(names: [])

    /// The names redacted, as given.
    public let names: Set<String>
    /// What happens to a redacted argument.
    public let treatment: Treatment
    private let normalizedNames: Set<String>
    private let normalizedHashes: Set<UInt64>
    private let custom: (@Sendable (BoundArguments.Argument) -> BoundArguments.Argument?)?

    /// Redacts the arguments with these names (compared without case, `_` or `-`).
    public init(names: Set<String>, treatment: Treatment = .mask("[REDACTED]")) {
        self.names = names
        self.treatment = treatment
        self.normalizedNames = Set(names.map(Self.normalized))
        self.normalizedHashes = Set(
            names.map { name in
                var name = name
                return name.withUTF8(Self.normalizedHash)
            }
        )
        self.custom = nil
    }

    /// Redacts with a function of your own: it returns the argument to keep (changed or not), or
    /// `nil` to leave it out.
    public init(_ redact: @escaping @Sendable (BoundArguments.Argument) -> BoundArguments.Argument?) {
        self.names = []
        self.treatment = .drop
        self.normalizedNames = []
        self.normalizedHashes = []
        self.custom = redact
    }

    /// These names redacted as well, treated the same way.
    public func adding(_ more: Set<String>) -> ArgumentRedaction {
        ArgumentRedaction(names: names.union(more), treatment: treatment)
    }

    /// Whether an argument with this name is redacted (by name; a custom function decides per
    /// argument).
    public func redacts(_ name: String) -> Bool {
        guard !normalizedHashes.isEmpty else { return false }
        var name = name
        guard normalizedHashes.contains(name.withUTF8(Self.normalizedHash)) else { return false }
        return normalizedNames.contains(Self.normalized(name))
    }

    /// The arguments with the redacted ones masked or left out.
    public func apply(to arguments: BoundArguments) -> BoundArguments {
        if let custom {
            return BoundArguments(arguments.arguments.compactMap(custom))
        }
        guard !arguments.isEmpty, !normalizedHashes.isEmpty,
            arguments.arguments.contains(where: { redacts($0.name) })
        else { return arguments }
        var kept: [BoundArguments.Argument] = []
        for argument in arguments.arguments {
            guard redacts(argument.name) else {
                kept.append(argument)
                continue
            }
            if case .mask(let text) = treatment {
                kept.append(BoundArguments.Argument(name: argument.name, value: text))
            }
        }
        return BoundArguments(kept)
    }

    /// The name without ASCII punctuation and spaces, ASCII letters in lower case (other
    /// characters are kept as they are).
    static func normalized(_ name: String) -> String {
        String(decoding: name.utf8.compactMap(normalizedByte), as: UTF8.self)
    }

    @inline(__always)
    private static func normalizedByte(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte | 0x20
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), 0x80...: byte
        default: nil
        }
    }

    /// A hash of the ASCII letters and digits of `bytes`, lower-cased, without allocating: a
    /// cheap first test before ``normalized(_:)`` confirms a match.
    static func normalizedHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            guard let folded = normalizedByte(byte) else { continue }
            hash = (hash ^ UInt64(folded)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

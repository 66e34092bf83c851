import Foundation
import LLMInstrumentation

/// Decodes any `Decodable` value from a ``JSONValue`` tree, without writing it out as text: the
/// counterpart of ``JSONValueEncoder`` for reading events back.
///
/// It reads what `JSONDecoder` reads from the tree's JSON text, with these choices:
///
/// - `Double` and `Float` also read the strings `"NaN"`, `"Infinity"` and `"-Infinity"`, which
///   ``JSONValueEncoder`` writes for non-finite numbers, unless ``readsNonFiniteStrings`` is off.
/// - Integer types read whole numbers, also those held as ``JSONValue/double(_:)``; a number out
///   of the type's range is an error, never a truncation.
/// - `Date` reads ISO 8601 text (as ``JSONValueEncoder`` writes it) or a number of seconds since
///   2001 (`Date`'s own encoding); `URL` reads its text, `Data` Base64; ``JSONValue`` and
///   `[String: JSONValue]` are taken as they are.
/// - Keys are used as they are, unless ``convertsKeysFromSnakeCase`` is on: then a property name
///   is looked up in snake_case, as ``JSONValueEncoder`` writes it (`strOrQueryBundle` reads
///   `str_or_query_bundle`, `taskID` reads `task_id`); a dictionary's keys are data and are read
///   as they are.
/// - An ``EventMetadata`` property reads the base fields (`id_`, `timestamp`, `span_id`, `tags`)
///   from the object that holds it, where ``JSONValueEncoder`` flattened them: an event's
///   synthesised `init(from:)` reads its dump back.
///
/// Errors are `DecodingError`s with the coding path of the failing value.
struct JSONValueDecoder: Sendable {
    /// Whether `Double` and `Float` read the strings `"NaN"`, `"Infinity"` and `"-Infinity"`.
    var readsNonFiniteStrings: Bool
    /// Whether property names are looked up in snake_case.
    var convertsKeysFromSnakeCase: Bool

    /// Creates a decoder.
    /// - Parameters:
    ///   - readsNonFiniteStrings: whether `Double` and `Float` read the strings `"NaN"`,
    ///     `"Infinity"` and `"-Infinity"` as the numbers they name.
    ///   - convertsKeysFromSnakeCase: whether property names are looked up in snake_case.
    init(readsNonFiniteStrings: Bool = true, convertsKeysFromSnakeCase: Bool = false) {
        self.readsNonFiniteStrings = readsNonFiniteStrings
        self.convertsKeysFromSnakeCase = convertsKeysFromSnakeCase
    }

    private var location: Location {
        Location(codingPath: [], readsNonFiniteStrings: readsNonFiniteStrings, convertsKeys: convertsKeysFromSnakeCase)
    }

    /// Decodes a `T` from `value`.
    /// - Throws: `DecodingError` when the value does not have `T`'s shape.
    func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONTreeDecoder.decode(type, from: value, at: location)
    }

    /// A `Decoder` reading `value`, for an `init(from:)` to be called directly.
    func decoder(for value: JSONValue) -> any Decoder {
        JSONTreeDecoder(value: value, location: location)
    }
}

/// Where a value is in the tree being decoded, and the decoder's options: what every decoder and
/// container passes on.
private struct Location {
    /// The path to the enclosing value.
    private let parentPath: [any CodingKey]
    /// The last key of the path, kept apart so that reading a member's scalar builds no array.
    private let key: (any CodingKey)?
    let readsNonFiniteStrings: Bool
    /// Whether property names are looked up in snake_case.
    let convertsKeys: Bool

    init(codingPath: [any CodingKey], readsNonFiniteStrings: Bool, convertsKeys: Bool) {
        self.parentPath = codingPath
        self.key = nil
        self.readsNonFiniteStrings = readsNonFiniteStrings
        self.convertsKeys = convertsKeys
    }

    private init(parentPath: [any CodingKey], key: any CodingKey, readsNonFiniteStrings: Bool, convertsKeys: Bool) {
        self.parentPath = parentPath
        self.key = key
        self.readsNonFiniteStrings = readsNonFiniteStrings
        self.convertsKeys = convertsKeys
    }

    var codingPath: [any CodingKey] { key.map { parentPath + [$0] } ?? parentPath }

    func appending(_ key: any CodingKey) -> Location {
        Location(
            parentPath: codingPath,
            key: key,
            readsNonFiniteStrings: readsNonFiniteStrings,
            convertsKeys: convertsKeys
        )
    }
}

/// The `Decoder` for one value of the tree; containers make one for each nested value they
/// decode.
private struct JSONTreeDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    let location: Location
    /// Whether the value is a dictionary, whose keys are data and are read as they are.
    var keepsKeys = false
    var codingPath: [any CodingKey] { location.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Decodes a `T` from `value`, taking the values whose form is fixed here first.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, at location: Location) throws -> T {
        if T.self == JSONValue.self { return value as! T }
        if T.self == [String: JSONValue].self, case .object(let members) = value { return members as! T }
        if T.self == String.self { return try string(value, location) as! T }
        if T.self == Date.self { return try date(value, location) as! T }
        if T.self == URL.self {
            guard let url = URL(string: try string(value, location)) else {
                throw corrupted("Invalid URL string.", location)
            }
            return url as! T
        }
        if T.self == Data.self {
            guard let data = Data(base64Encoded: try string(value, location)) else {
                throw corrupted("Encountered Data is not valid Base64.", location)
            }
            return data as! T
        }
        return try T(from: JSONTreeDecoder(value: value, location: location, keepsKeys: T.self is any KeyedByData.Type))
    }

    // MARK: Decoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw Self.mismatch([String: Any].self, value, location)
        }
        let convertsKeys = location.convertsKeys && !keepsKeys
        return KeyedDecodingContainer(
            KeyedContainer<Key>(members: members, location: location, convertsKeys: convertsKeys)
        )
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw Self.mismatch([Any].self, value, location)
        }
        return UnkeyedContainer(elements: elements, location: location)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try Self.bool(value, location) }
    func decode(_ type: String.Type) throws -> String { try Self.string(value, location) }
    func decode(_ type: Double.Type) throws -> Double { try Self.double(value, location) }
    func decode(_ type: Float.Type) throws -> Float { try Self.float(value, location) }
    func decode(_ type: Int.Type) throws -> Int { try Self.integer(value, location) }
    func decode(_ type: Int8.Type) throws -> Int8 { try Self.integer(value, location) }
    func decode(_ type: Int16.Type) throws -> Int16 { try Self.integer(value, location) }
    func decode(_ type: Int32.Type) throws -> Int32 { try Self.integer(value, location) }
    func decode(_ type: Int64.Type) throws -> Int64 { try Self.integer(value, location) }
    func decode(_ type: UInt.Type) throws -> UInt { try Self.integer(value, location) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try Self.integer(value, location) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try Self.integer(value, location) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try Self.integer(value, location) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try Self.integer(value, location) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try Self.decode(type, from: value, at: location) }

    // MARK: Scalars

    static func bool(_ value: JSONValue, _ location: Location) throws -> Bool {
        guard case .bool(let bool) = value else { throw mismatch(Bool.self, value, location) }
        return bool
    }

    static func string(_ value: JSONValue, _ location: Location) throws -> String {
        guard case .string(let string) = value else { throw mismatch(String.self, value, location) }
        return string
    }

    static func double(_ value: JSONValue, _ location: Location) throws -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        case .string(let text) where location.readsNonFiniteStrings:
            switch text {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default: throw mismatch(Double.self, value, location)
            }
        default: throw mismatch(Double.self, value, location)
        }
    }

    static func float(_ value: JSONValue, _ location: Location) throws -> Float {
        let number = try double(value, location)
        let float = Float(number)
        guard float.isFinite || !number.isFinite else {
            throw corrupted("Number \(number) does not fit in Float.", location)
        }
        return float
    }

    static func integer<T: FixedWidthInteger>(_ value: JSONValue, _ location: Location) throws -> T {
        let result: T?
        switch value {
        case .int(let number): result = T(exactly: number)
        case .double(let number): result = T(exactly: number)
        default: throw mismatch(T.self, value, location)
        }
        guard let result else { throw corrupted("Number \(value) does not fit in \(T.self).", location) }
        return result
    }

    static func date(_ value: JSONValue, _ location: Location) throws -> Date {
        switch value {
        case .string(let text):
            guard let date = ISO8601TimestampParser.parse(text) else {
                throw corrupted("'\(text)' is not an ISO 8601 timestamp", location)
            }
            return date
        case .int, .double:
            return Date(timeIntervalSinceReferenceDate: try double(value, location))
        default:
            throw mismatch(Date.self, value, location)
        }
    }

    static func corrupted(_ description: String, _ location: Location) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: location.codingPath, debugDescription: description))
    }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ location: Location) -> DecodingError {
        let found: String
        switch value {
        case .null: found = "null"
        case .bool: found = "a boolean"
        case .int, .double: found = "a number"
        case .string: found = "a string"
        case .array: found = "an array"
        case .object: found = "an object"
        }
        return DecodingError.typeMismatch(
            type,
            .init(
                codingPath: location.codingPath,
                debugDescription: "Expected to decode \(type) but found \(found) instead."
            )
        )
    }
}

/// The key of an array element or of `super`, for coding paths.
private struct IndexKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }
    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }
    init?(intValue: Int) { self.init(index: intValue) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let location: Location
    /// Whether property names are looked up in snake_case.
    let convertsKeys: Bool
    var codingPath: [any CodingKey] { location.codingPath }

    /// The member name `key` is read from.
    private func name(_ key: Key) -> String {
        convertsKeys ? JSONValueEncoder.snakeCase(key.stringValue) : key.stringValue
    }

    /// The keys of the members, where a key names them: in snake_case, the key whose name is the
    /// member's with its words joined in camelCase (`top_n` → `topN`; not `task_id` → `taskID`).
    var allKeys: [Key] {
        members.keys.compactMap { member in
            guard convertsKeys, member.contains("_") else { return Key(stringValue: member) }
            let words = member.split(separator: "_")
            let camel = words.prefix(1).joined() + words.dropFirst().map(\.capitalized).joined()
            return [member, camel].lazy.compactMap { Key(stringValue: $0) }.first { name($0) == member }
        }
    }

    func contains(_ key: Key) -> Bool { members[name(key)] != nil }

    private func value(for key: Key) throws -> JSONValue {
        let name = name(key)
        guard let value = members[name] else {
            throw DecodingError.keyNotFound(
                key,
                .init(codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(name)\").")
            )
        }
        return value
    }

    /// Reads the value for `key` with `read`.
    private func scalar<T>(_ key: Key, _ read: (JSONValue, Location) throws -> T) throws -> T {
        try read(value(for: key), location.appending(key))
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(for: key) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try scalar(key, JSONTreeDecoder.bool) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try scalar(key, JSONTreeDecoder.string) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try scalar(key, JSONTreeDecoder.double) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try scalar(key, JSONTreeDecoder.float) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try scalar(key, JSONTreeDecoder.integer) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try scalar(key, JSONTreeDecoder.integer) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try scalar(key, JSONTreeDecoder.integer) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try scalar(key, JSONTreeDecoder.integer) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try scalar(key, JSONTreeDecoder.integer) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try scalar(key, JSONTreeDecoder.integer) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try scalar(key, JSONTreeDecoder.integer) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try scalar(key, JSONTreeDecoder.integer) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try scalar(key, JSONTreeDecoder.integer) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try scalar(key, JSONTreeDecoder.integer) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        if T.self == EventMetadata.self {
            // Flattened beside the event's own fields, as `JSONValueEncoder` writes it.
            return try EventMetadata(flattenedIn: JSONTreeDecoder(value: .object(members), location: location)) as! T
        }
        return try JSONTreeDecoder.decode(type, from: value(for: key), at: location.appending(key))
    }

    /// `nil` for a missing key or `null`, as `JSONDecoder` reads optionals.
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let value = members[name(key)], value != .null else { return nil }
        return try JSONTreeDecoder.string(value, location.appending(key))
    }

    /// `nil` for a missing key or `null`, as `JSONDecoder` reads optionals.
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = members[name(key)], value != .null else { return nil }
        return try JSONTreeDecoder.decode(type, from: value, at: location.appending(key))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONTreeDecoder(value: value(for: key), location: location.appending(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONTreeDecoder(value: value(for: key), location: location.appending(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        JSONTreeDecoder(value: members["super"] ?? .null, location: location.appending(IndexKey(stringValue: "super")))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONTreeDecoder(value: members[name(key)] ?? .null, location: location.appending(key))
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let location: Location
    private(set) var currentIndex = 0

    init(elements: [JSONValue], location: Location) {
        self.elements = elements
        self.location = location
    }

    var codingPath: [any CodingKey] { location.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// The next element, and where it is; moves past it.
    private mutating func next(_ type: Any.Type) throws -> (JSONValue, Location) {
        let elementLocation = location.appending(IndexKey(index: currentIndex))
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type,
                .init(codingPath: elementLocation.codingPath, debugDescription: "Unkeyed container is at end.")
            )
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], elementLocation)
    }

    /// Reads the next element with `read`.
    private mutating func scalar<T>(_ type: T.Type, _ read: (JSONValue, Location) throws -> T) throws -> T {
        let (value, elementLocation) = try next(type)
        return try read(value, elementLocation)
    }

    mutating func decodeNil() throws -> Bool {
        if isAtEnd { _ = try next(Any?.self) }  // throws valueNotFound
        guard elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try scalar(type, JSONTreeDecoder.bool) }
    mutating func decode(_ type: String.Type) throws -> String { try scalar(type, JSONTreeDecoder.string) }
    mutating func decode(_ type: Double.Type) throws -> Double { try scalar(type, JSONTreeDecoder.double) }
    mutating func decode(_ type: Float.Type) throws -> Float { try scalar(type, JSONTreeDecoder.float) }
    mutating func decode(_ type: Int.Type) throws -> Int { try scalar(type, JSONTreeDecoder.integer) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try scalar(type, JSONTreeDecoder.integer) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try scalar(type, JSONTreeDecoder.integer) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try scalar(type, JSONTreeDecoder.integer) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try scalar(type, JSONTreeDecoder.integer) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try scalar(type, JSONTreeDecoder.integer) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try scalar(type, JSONTreeDecoder.integer) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try scalar(type, JSONTreeDecoder.integer) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try scalar(type, JSONTreeDecoder.integer) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try scalar(type, JSONTreeDecoder.integer) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, elementLocation) = try next(type)
        return try JSONTreeDecoder.decode(type, from: value, at: elementLocation)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, elementLocation) = try next(KeyedDecodingContainer<NestedKey>.self)
        return try JSONTreeDecoder(value: value, location: elementLocation).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, elementLocation) = try next((any UnkeyedDecodingContainer).self)
        return try JSONTreeDecoder(value: value, location: elementLocation).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, elementLocation) = try next((any Decoder).self)
        return JSONTreeDecoder(value: value, location: elementLocation)
    }
}

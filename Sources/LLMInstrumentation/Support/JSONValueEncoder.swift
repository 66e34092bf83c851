import Foundation

/// Encodes any `Encodable` value into a ``JSONValue`` tree, the way the reference's
/// `model_dump(mode="json")` shapes it.
///
/// - Property names become snake_case (`additionalKwargs` → `additional_kwargs`, `spanID` →
///   `span_id`) unless ``convertsKeysToSnakeCase`` is off. Dictionary keys are user data and are
///   kept as they are: `[String: V]`, `[Int: V]` (keys `"1"`, `"2"`) and keys that are
///   `CodingKeyRepresentable` become object members; any other key type makes the dictionary an
///   array of alternating keys and values, as `JSONEncoder` does.
/// - An absent optional of a ``ModelDumpEncodable`` value (every event, the built-in payloads) is
///   written as `null`, as the reference writes every field; the synthesised `encode(to:)` of
///   other types leaves it out, as `JSONEncoder` does.
/// - ``EventMetadata`` is flattened into the object that holds it, so every event gets the
///   reference's base fields (`id_`, `span_id`, `timestamp`, `tags`) beside its own.
/// - Dates become ISO 8601 text in UTC with microseconds (see ``ISO8601Timestamp/format(_:)`` for
///   dates outside years 1–9999), `Data` becomes Base64, URLs their absolute string.
/// - Non-finite numbers, which JSON cannot hold, become the strings `"NaN"`, `"Infinity"` and
///   `"-Infinity"`: the spelling Python's `json.dumps` uses for them (there as bare words, which
///   strict JSON parsers reject, this one included), quoted so that every parser reads the line;
///   Python's `float(value)` turns them back into numbers. LLMInstrumentationReading's
///   `EventDecoding` reads them back into `Double` and `Float` fields; a ``JSONValue`` read from a
///   file keeps them as strings.
/// - A value whose own `encode(to:)` throws makes ``encode(_:)`` throw; the JSON-lines exporter
///   then writes the event's base fields and the error under `"encoding_error"`.
public struct JSONValueEncoder: Sendable {
    /// Whether property names are converted to snake_case. On by default.
    public var convertsKeysToSnakeCase: Bool

    /// Creates an encoder.
    /// - Parameter convertsKeysToSnakeCase: whether property names become snake_case.
    public init(convertsKeysToSnakeCase: Bool = true) {
        self.convertsKeysToSnakeCase = convertsKeysToSnakeCase
    }

    /// Encodes `value` into a JSON value tree.
    /// - Throws: whatever the value's own `encode(to:)` throws.
    public func encode(_ value: some Encodable) throws -> JSONValue {
        try JSONTreeEncoder.encode(value, codingPath: [], convertsKeys: convertsKeysToSnakeCase)
    }

    /// Converts a Swift property name to snake_case, keeping acronyms (and their plurals: `documentIDs` →
    /// `document_ids`) together. A name already in snake_case is kept.
    package static func snakeCase(_ key: String) -> String {
        guard key.contains(where: \.isUppercase) else { return key }
        let characters = Array(key)
        var result = ""
        result.reserveCapacity(characters.count + 4)
        for index in characters.indices {
            let character = characters[index]
            guard character.isUppercase else {
                result.append(character)
                continue
            }
            if index > 0 {
                let previous = characters[index - 1]
                let startsWord = previous.isLowercase || previous.isNumber
                let endsAcronym =
                    previous.isUppercase && index + 1 < characters.count && characters[index + 1].isLowercase
                    && !isPluralSuffix(characters, at: index + 1)
                if (startsWord || endsAcronym) && result.last != "_" {
                    result.append("_")
                }
            }
            result += character.lowercased()
        }
        return result
    }

    /// Whether the lowercase run at `start` is a lone "s" that ends a plural acronym (`IDs`, `URLs`).
    private static func isPluralSuffix(_ characters: [Character], at start: Int) -> Bool {
        characters[start] == "s" && (start + 1 == characters.count || !characters[start + 1].isLowercase)
    }
}

/// Marks dictionaries, whose keys are data and must not be renamed (by ``JSONValueEncoder``, and
/// by LLMInstrumentationReading's decoder).
package protocol KeyedByData {}
extension Dictionary: KeyedByData {}

/// A slot of the tree being built; containers hand out references to their slots.
private final class EncodingSlot {
    enum Content {
        case unset
        case value(JSONValue)
        case object([String: EncodingSlot])
        case array([EncodingSlot])
    }

    var content: Content = .unset

    func resolved() -> JSONValue {
        switch content {
        case .unset: return .object([:])
        case .value(let value): return value
        case .object(let members): return .object(members.mapValues { $0.resolved() })
        case .array(let elements): return .array(elements.map { $0.resolved() })
        }
    }

    func ensureObject() {
        if case .object = content { return }
        content = .object([:])
    }

    func ensureArray() {
        if case .array = content { return }
        content = .array([])
    }

    func set(_ slot: EncodingSlot, forKey key: String) {
        guard case .object(var members) = content else { return }
        content = .unset
        members[key] = slot
        content = .object(members)
    }

    func append(_ slot: EncodingSlot) {
        guard case .array(var elements) = content else { return }
        content = .unset
        elements.append(slot)
        content = .array(elements)
    }

    var count: Int {
        if case .array(let elements) = content { return elements.count }
        return 0
    }
}

private struct JSONTreeEncoder: Encoder {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]
    let convertsKeys: Bool
    let keepsKeys: Bool
    /// Whether an absent optional is written as `null`: the value is ``ModelDumpEncodable``.
    let writesNulls: Bool
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func encode(_ value: some Encodable, codingPath: [any CodingKey], convertsKeys: Bool) throws -> JSONValue {
        try slot(for: value, codingPath: codingPath, convertsKeys: convertsKeys).resolved()
    }

    static func slot(for value: some Encodable, codingPath: [any CodingKey], convertsKeys: Bool) throws -> EncodingSlot
    {
        let slot = EncodingSlot()
        if let special = specialValue(value) {
            slot.content = .value(special)
            return slot
        }
        let encoder = JSONTreeEncoder(
            slot: slot,
            codingPath: codingPath,
            convertsKeys: convertsKeys,
            keepsKeys: value is any KeyedByData,
            writesNulls: value is any ModelDumpEncodable
        )
        try value.encode(to: encoder)
        return slot
    }

    /// Values whose JSON form is fixed here rather than by their own `encode(to:)`.
    static func specialValue(_ value: some Encodable) -> JSONValue? {
        switch value {
        case let json as JSONValue: return json
        case let date as Date: return .string(ISO8601Timestamp.format(date))
        case let url as URL: return .string(url.absoluteString)
        case let data as Data: return .string(data.base64EncodedString())
        case let number as Double: return .double(number)
        case let number as Float: return .double(Double(number))
        case let metadata as EventMetadata: return .object(metadata.baseFields)
        default: return nil
        }
    }

    func key(_ key: some CodingKey) -> String {
        guard convertsKeys, !keepsKeys else { return key.stringValue }
        return JSONValueEncoder.snakeCase(key.stringValue)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.ensureObject()
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.ensureArray()
        return UnkeyedContainer(encoder: self, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self, codingPath: codingPath)
    }

    private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: JSONTreeEncoder
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws {
            put(.null, forKey: key)
        }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            if let metadata = value as? EventMetadata {
                for (name, field) in metadata.baseFields {
                    let fieldSlot = EncodingSlot()
                    fieldSlot.content = .value(field)
                    encoder.slot.set(fieldSlot, forKey: name)
                }
                return
            }
            let child = try JSONTreeEncoder.slot(
                for: value,
                codingPath: codingPath + [key],
                convertsKeys: encoder.convertsKeys
            )
            encoder.slot.set(child, forKey: encoder.key(key))
        }

        // The synthesised `encode(to:)` calls these for optional properties; the standard
        // library's defaults skip `nil`, which a `ModelDumpEncodable` value writes as `null`.
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try optional(value, key) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try optional(value, key) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try optional(value, key) }
        mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try optional(value, key) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try optional(value, key) }
        mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try optional(value, key) }
        mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try optional(value, key) }
        mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try optional(value, key) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try optional(value, key) }
        mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try optional(value, key) }
        mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try optional(value, key) }
        mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try optional(value, key) }
        mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try optional(value, key) }
        mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try optional(value, key) }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try optional(value, key) }

        private mutating func optional<T: Encodable>(_ value: T?, _ key: Key) throws {
            if let value {
                try encode(value, forKey: key)
            } else if encoder.writesNulls {
                put(.null, forKey: key)
            }
        }

        private func put(_ value: JSONValue, forKey key: Key) {
            let child = EncodingSlot()
            child.content = .value(value)
            encoder.slot.set(child, forKey: encoder.key(key))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type,
            forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            nestedEncoder(forKey: key).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            nestedEncoder(forKey: key).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            // `Key` need not have a "super" case (a class's `CodingKeys` rarely does).
            nestedEncoder(forKey: SuperKey(), named: "super")
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            nestedEncoder(forKey: key)
        }

        private func nestedEncoder(forKey key: Key) -> JSONTreeEncoder {
            nestedEncoder(forKey: key, named: encoder.key(key))
        }

        private func nestedEncoder(forKey key: any CodingKey, named name: String) -> JSONTreeEncoder {
            let child = EncodingSlot()
            encoder.slot.set(child, forKey: name)
            return JSONTreeEncoder(
                slot: child,
                codingPath: codingPath + [key],
                convertsKeys: encoder.convertsKeys,
                keepsKeys: false,
                writesNulls: encoder.writesNulls
            )
        }
    }

    private struct UnkeyedContainer: UnkeyedEncodingContainer {
        let encoder: JSONTreeEncoder
        let codingPath: [any CodingKey]
        var count: Int { encoder.slot.count }

        mutating func encodeNil() throws {
            let child = EncodingSlot()
            child.content = .value(.null)
            encoder.slot.append(child)
        }

        mutating func encode<T: Encodable>(_ value: T) throws {
            let child = try JSONTreeEncoder.slot(
                for: value,
                codingPath: codingPath + [IndexKey(intValue: count)],
                convertsKeys: encoder.convertsKeys
            )
            encoder.slot.append(child)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type
        ) -> KeyedEncodingContainer<NestedKey> {
            nestedEncoder().container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            nestedEncoder().unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            nestedEncoder()
        }

        private func nestedEncoder() -> JSONTreeEncoder {
            let child = EncodingSlot()
            let index = count
            encoder.slot.append(child)
            return JSONTreeEncoder(
                slot: child,
                codingPath: codingPath + [IndexKey(intValue: index)],
                convertsKeys: encoder.convertsKeys,
                keepsKeys: false,
                writesNulls: encoder.writesNulls
            )
        }
    }

    private struct SingleValueContainer: SingleValueEncodingContainer {
        let encoder: JSONTreeEncoder
        let codingPath: [any CodingKey]

        mutating func encodeNil() throws { encoder.slot.content = .value(.null) }
        mutating func encode(_ value: Bool) throws { encoder.slot.content = .value(.bool(value)) }
        mutating func encode(_ value: String) throws { encoder.slot.content = .value(.string(value)) }
        mutating func encode(_ value: Double) throws { encoder.slot.content = .value(.double(value)) }
        mutating func encode(_ value: Float) throws { encoder.slot.content = .value(.double(Double(value))) }
        mutating func encode(_ value: Int) throws { encoder.slot.content = .value(.int(value)) }
        mutating func encode(_ value: Int8) throws { encoder.slot.content = .value(.int(Int(value))) }
        mutating func encode(_ value: Int16) throws { encoder.slot.content = .value(.int(Int(value))) }
        mutating func encode(_ value: Int32) throws { encoder.slot.content = .value(.int(Int(value))) }
        mutating func encode(_ value: Int64) throws { encoder.slot.content = .value(.int(Int(value))) }
        mutating func encode(_ value: UInt) throws { encoder.slot.content = .value(Self.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt8) throws { encoder.slot.content = .value(.int(Int(value))) }
        mutating func encode(_ value: UInt16) throws { encoder.slot.content = .value(.int(Int(value))) }
        mutating func encode(_ value: UInt32) throws { encoder.slot.content = .value(.int(Int(value))) }
        mutating func encode(_ value: UInt64) throws { encoder.slot.content = .value(Self.unsigned(value)) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            let child = try JSONTreeEncoder.slot(for: value, codingPath: codingPath, convertsKeys: encoder.convertsKeys)
            encoder.slot.content = child.content
        }

        private static func unsigned(_ value: UInt64) -> JSONValue {
            value <= UInt64(Int.max) ? .int(Int(value)) : .double(Double(value))
        }
    }

    private struct SuperKey: CodingKey {
        var stringValue: String { "super" }
        var intValue: Int? { nil }
        init() {}
        init?(stringValue: String) { return nil }
        init?(intValue: Int) { return nil }
    }

    private struct IndexKey: CodingKey {
        var stringValue: String { String(intValue ?? 0) }
        var intValue: Int?
        init(intValue: Int) { self.intValue = intValue }
        init?(stringValue: String) { return nil }
    }
}

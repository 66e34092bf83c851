import Foundation

/// An event of a kind this program does not know (a custom event of another program, a newer
/// built-in), read back with every field kept: it encodes to the same dump it was read from.
public struct RecordedEvent: Event {
    /// The event's kind, from its dump.
    public var recordedClassName: String
    /// The event's own fields, by their dump names.
    public var fields: [String: JSONValue]
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Reads an event dump.
    /// - Throws: `DecodingError` when the base fields are missing or malformed.
    public init(dump: [String: JSONValue]) throws {
        let base = ["id_", "timestamp", "span_id", "tags", "class_name"]
        self.recordedClassName = dump["class_name"]?.stringValue ?? "RecordedEvent"
        self.fields = dump.filter { !base.contains($0.key) }
        // Only the base fields are decoded, so a large field is not written out and parsed again.
        let baseFields = JSONValue.object(dump.filter { base.contains($0.key) })
        self.metadata = try JSONDecoder().decode(BaseFields.self, from: Data(baseFields.jsonString().utf8)).metadata
    }

    private struct BaseFields: Decodable {
        let metadata: EventMetadata
        init(from decoder: any Decoder) throws {
            metadata = try EventMetadata(flattenedIn: decoder)
        }
    }

    /// The dump it was read from: its fields, the base fields and its own `class_name`.
    public var dump: JSONValue {
        var all = fields
        all.merge(metadata.baseFields) { _, base in base }
        all["class_name"] = .string(recordedClassName)
        return .object(all)
    }

    /// Encodes the dump it was read from, keys unchanged.
    public func encode(to encoder: any Encoder) throws {
        try dump.encode(to: encoder)
    }
}

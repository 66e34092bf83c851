import Foundation
public import LLMInstrumentation

/// An event of a kind this program does not know (a custom event of another program, a newer
/// built-in), read back with every field kept: it encodes to the same dump it was read from.
public struct RecordedEvent: Event, DumpPreservingEvent {
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
        var fields = dump
        for key in base { fields[key] = nil }
        self.fields = fields
        // Decoded from the tree as it is: nothing is written out and parsed again.
        self.metadata = try EventMetadata(flattenedIn: JSONValueDecoder().decoder(for: .object(dump)))
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

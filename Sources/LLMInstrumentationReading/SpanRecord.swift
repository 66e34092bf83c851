public import Foundation
public import LLMInstrumentation

/// A span read back from a JSON-lines file (one that the core's `JSONLinesExporter` wrote).
public struct SpanRecord: Sendable, Hashable, Decodable {
    /// The span's id.
    public var id: String
    /// The span's name: its id without the unique suffix.
    public var name: String
    /// The enclosing span's id, or `nil` for a root span.
    public var parentID: String?
    /// The id of the trace's root span.
    public var traceID: String
    /// When the span was entered.
    public var start: Date
    /// When the span ended.
    public var end: Date?
    /// How long it lasted, in seconds.
    public var duration: Double
    /// `"ok"` or `"dropped"`.
    public var status: String?
    /// The error's text, for a dropped span.
    public var error: String?
    /// The tags active at entry.
    public var tags: [String: JSONValue]
    /// The call's arguments, as JSON.
    public var arguments: [String: JSONValue]
    /// The call's result, as JSON.
    public var result: JSONValue?
    /// Facts about the span (a stream's chunk count).
    public var facts: [String: JSONValue]

    /// Whether the span ended with an error.
    public var isDropped: Bool { status == "dropped" }

    private enum CodingKeys: String, CodingKey {
        case id, name
        case parentID = "parent_id"
        case traceID = "trace_id"
        case start, end, duration, status, error, tags, arguments, result, facts
    }

    /// Decodes a span line.
    public init(from decoder: any Decoder) throws {
        try self.init(container: decoder.container(keyedBy: CodingKeys.self))
    }

    /// Reads a span line's members, as parsed by ``JSONParser``: what `init(from:)` reads from the
    /// line's text, without writing it out again. The duration, like any number, must be a number
    /// (not the string `"NaN"`).
    /// - Throws: `DecodingError` when a member is missing or malformed.
    init(members: [String: JSONValue]) throws {
        let decoder = JSONValueDecoder(readsNonFiniteStrings: false).decoder(for: .object(members))
        try self.init(container: decoder.container(keyedBy: CodingKeys.self))
    }

    private init(container: KeyedDecodingContainer<CodingKeys>) throws {
        func date(_ key: CodingKeys) throws -> Date? {
            guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let date = ISO8601TimestampParser.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key,
                    in: container,
                    debugDescription: "'\(text)' is not ISO 8601"
                )
            }
            return date
        }
        id = try container.decode(String.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? SpanName.name(ofID: id)
        parentID = try container.decodeIfPresent(String.self, forKey: .parentID)
        traceID = try container.decodeIfPresent(String.self, forKey: .traceID) ?? id
        guard let start = try date(.start) else {
            throw DecodingError.keyNotFound(
                CodingKeys.start,
                .init(codingPath: [], debugDescription: "a span needs its start")
            )
        }
        self.start = start
        end = try date(.end)
        duration = try container.decodeIfPresent(Double.self, forKey: .duration) ?? 0
        status = try container.decodeIfPresent(String.self, forKey: .status)
        error = try container.decodeIfPresent(String.self, forKey: .error)
        tags = try container.decodeIfPresent([String: JSONValue].self, forKey: .tags) ?? [:]
        arguments = try container.decodeIfPresent([String: JSONValue].self, forKey: .arguments) ?? [:]
        result = try container.decodeIfPresent(JSONValue.self, forKey: .result)
        facts = try container.decodeIfPresent([String: JSONValue].self, forKey: .facts) ?? [:]
    }
}

public import Foundation

/// A span with its start and end times and its duration, as ``SimpleSpanHandler`` records it.
public struct SimpleSpan: InstrumentationSpan, Hashable, Codable {
    /// The id, formatted as text only when read.
    var spanID: SpanID
    /// The enclosing span's id, empty for none.
    var parentSpanID: SpanID

    /// The unique id of the span.
    public var id: String {
        get { spanID.text }
        set { spanID = SpanID(text: newValue) }
    }

    /// The id of the enclosing span, or `nil` for a root span.
    public var parentID: String? {
        get { parentSpanID.optionalText }
        set { parentSpanID = SpanID(optionalText: newValue) }
    }

    /// The tags active when the span was entered.
    public var tags: [String: JSONValue]

    /// When the span was entered, by the system's wall clock.
    public var startTime: Date

    /// When the span ended (its start time plus its duration), or `nil` while it is open.
    public var endTime: Date?

    /// How long the span lasted, in seconds, by the monotonic clock; `0` while it is open.
    public var duration: Double

    /// Extra facts about the span; a dropped span has `"error"` with the error's text.
    public var metadata: [String: JSONValue]?

    /// Creates a span.
    public init(
        id: String,
        parentID: String? = nil,
        tags: [String: JSONValue] = [:],
        startTime: Date = Date(),
        endTime: Date? = nil,
        duration: Double = 0,
        metadata: [String: JSONValue]? = nil
    ) {
        self.spanID = SpanID(text: id)
        self.parentSpanID = SpanID(optionalText: parentID)
        self.tags = tags
        self.startTime = startTime
        self.endTime = endTime
        self.duration = duration
        self.metadata = metadata
    }

    /// Creates an open span whose ids are not formatted yet.
    init(spanID: SpanID, parentSpanID: SpanID, tags: [String: JSONValue], startTime: Date) {
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.tags = tags
        self.startTime = startTime
        self.endTime = nil
        self.duration = 0
        self.metadata = nil
    }

    /// The span ended at `end`: sets the end time and the duration from the start time.
    public mutating func finish(at end: Date = Date()) {
        endTime = end
        duration = end.timeIntervalSince(startTime)
    }

    /// The span ended as `timing` measured: sets the end time and the monotonic duration.
    public mutating func finish(_ timing: SpanTiming) {
        endTime = timing.endTime
        duration = timing.seconds
    }

    /// Whether two spans have equal fields.
    public static func == (lhs: SimpleSpan, rhs: SimpleSpan) -> Bool {
        lhs.spanID == rhs.spanID && lhs.parentSpanID == rhs.parentSpanID && lhs.tags == rhs.tags
            && lhs.startTime == rhs.startTime && lhs.endTime == rhs.endTime && lhs.duration == rhs.duration
            && lhs.metadata == rhs.metadata
    }

    /// Hashes the span's fields.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(parentID)
        hasher.combine(tags)
        hasher.combine(startTime)
        hasher.combine(endTime)
        hasher.combine(duration)
        hasher.combine(metadata)
    }

    private enum CodingKeys: String, CodingKey {
        case id, parentID, tags, startTime, endTime, duration, metadata
    }

    /// Decodes a span from its fields.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            parentID: try container.decodeIfPresent(String.self, forKey: .parentID),
            tags: try container.decodeIfPresent([String: JSONValue].self, forKey: .tags) ?? [:],
            startTime: try container.decode(Date.self, forKey: .startTime),
            endTime: try container.decodeIfPresent(Date.self, forKey: .endTime),
            duration: try container.decodeIfPresent(Double.self, forKey: .duration) ?? 0,
            metadata: try container.decodeIfPresent([String: JSONValue].self, forKey: .metadata)
        )
    }

    /// Encodes the span's fields.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(parentID, forKey: .parentID)
        try container.encode(tags, forKey: .tags)
        try container.encode(startTime, forKey: .startTime)
        try container.encodeIfPresent(endTime, forKey: .endTime)
        try container.encode(duration, forKey: .duration)
        try container.encodeIfPresent(metadata, forKey: .metadata)
    }
}

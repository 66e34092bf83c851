public import Foundation

/// A span with its start and end times and its duration, as ``SimpleSpanHandler`` records it.
///
/// A value type with copy-on-write storage: handing a span from the dispatcher to the handler and
/// into its record costs one reference count, not one per field. (A plain struct of its fields
/// cost 28 % more per span: the store's generic code copies it through value witnesses.)
public struct SimpleSpan: Span, Hashable, Codable {
    private final class Storage: @unchecked Sendable {
        // Mutated only through `SimpleSpan`'s setters, after `isKnownUniquelyReferenced`.
        // Optional strings and dictionaries are stored without the `Optional` (empty for none):
        // destroying an `Optional` of a reference goes through its generic value witness, and
        // one storage is destroyed for every span recorded.
        var spanID: SpanID
        var parentSpanID: SpanID
        var tags: [String: JSONValue]
        var startTime: Date
        var endTime: Date?
        var duration: Double
        var storedMetadata: [String: JSONValue]
        var hasMetadata: Bool

        var metadata: [String: JSONValue]? {
            get { hasMetadata ? storedMetadata : nil }
            set {
                hasMetadata = newValue != nil
                storedMetadata = newValue ?? [:]
            }
        }

        init(
            spanID: SpanID,
            parentSpanID: SpanID,
            tags: [String: JSONValue],
            startTime: Date,
            endTime: Date?,
            duration: Double,
            metadata: [String: JSONValue]?
        ) {
            self.spanID = spanID
            self.parentSpanID = parentSpanID
            self.tags = tags
            self.startTime = startTime
            self.endTime = endTime
            self.duration = duration
            self.storedMetadata = metadata ?? Dictionary()
            self.hasMetadata = metadata != nil
        }

        func copy() -> Storage {
            Storage(
                spanID: spanID,
                parentSpanID: parentSpanID,
                tags: tags,
                startTime: startTime,
                endTime: endTime,
                duration: duration,
                metadata: metadata
            )
        }
    }

    private var storage: Storage

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()
        }
        return storage
    }

    /// The unique id of the span.
    public var id: String {
        get { storage.spanID.text }
        set { unique().spanID = SpanID(text: newValue) }
    }

    /// The id of the enclosing span, or `nil` for a root span.
    public var parentID: String? {
        get { storage.parentSpanID.optionalText }
        set { unique().parentSpanID = SpanID(optionalText: newValue) }
    }

    /// The tags active when the span was entered.
    public var tags: [String: JSONValue] {
        get { storage.tags }
        set { unique().tags = newValue }
    }

    /// When the span was entered.
    public var startTime: Date {
        get { storage.startTime }
        set { unique().startTime = newValue }
    }

    /// When the span ended, or `nil` while it is open.
    public var endTime: Date? {
        get { storage.endTime }
        set { unique().endTime = newValue }
    }

    /// How long the span lasted, in seconds; `0` while it is open.
    public var duration: Double {
        get { storage.duration }
        set { unique().duration = newValue }
    }

    /// Extra facts about the span; a dropped span has `"error"` with the error's text.
    public var metadata: [String: JSONValue]? {
        get { storage.metadata }
        set { unique().metadata = newValue }
    }

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
        storage = Storage(
            spanID: SpanID(text: id),
            parentSpanID: SpanID(optionalText: parentID),
            tags: tags,
            startTime: startTime,
            endTime: endTime,
            duration: duration,
            metadata: metadata
        )
    }

    /// Creates an open span whose ids are not formatted yet.
    init(spanID: SpanID, parentSpanID: SpanID, tags: [String: JSONValue], startTime: Date) {
        storage = Storage(
            spanID: spanID,
            parentSpanID: parentSpanID,
            tags: tags,
            startTime: startTime,
            endTime: nil,
            duration: 0,
            metadata: nil
        )
    }

    /// A span entered now, in `recycled`'s storage when nobody else holds it (no allocation),
    /// else in new storage.
    static func reopened(
        _ recycled: consuming SimpleSpan?,
        spanID: SpanID,
        parentSpanID: SpanID,
        tags: [String: JSONValue],
        startTime: Date
    ) -> SimpleSpan {
        // `take()` moves the span out: a copy would hold its storage twice, never uniquely.
        guard var span = recycled.take(), isKnownUniquelyReferenced(&span.storage) else {
            return SimpleSpan(spanID: spanID, parentSpanID: parentSpanID, tags: tags, startTime: startTime)
        }
        let storage = span.storage
        storage.spanID = spanID
        storage.parentSpanID = parentSpanID
        storage.tags = tags
        storage.startTime = startTime
        storage.endTime = nil
        storage.duration = 0
        // Most spans have no metadata: leaving the empty one in place counts no references.
        if storage.hasMetadata {
            storage.metadata = nil
        }
        return span
    }

    /// The span ended at `end`: sets the end time and the duration.
    public mutating func finish(at end: Date = Date()) {
        let storage = unique()
        storage.endTime = end
        storage.duration = end.timeIntervalSince(storage.startTime)
    }

    /// Whether two spans have equal fields.
    public static func == (lhs: SimpleSpan, rhs: SimpleSpan) -> Bool {
        if lhs.storage === rhs.storage { return true }
        return lhs.storage.spanID == rhs.storage.spanID && lhs.storage.parentSpanID == rhs.storage.parentSpanID && lhs.tags == rhs.tags
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

public import Foundation

/// The fields every event shares: its id, its creation time, the span it happened in, and the tags
/// active when it was made.
///
/// A custom event holds one stored property of this type, and gets everything else from
/// ``Event``:
///
/// ```swift
/// struct CacheHitEvent: Event {
///     var key: String
///     var metadata = EventMetadata()
/// }
/// ```
///
/// The metadata is made with the event, so it records the active span and tags of the place where
/// the event is built. Building it is cheap: the id is formatted only when it is read.
public struct EventMetadata: Sendable, Hashable {
    /// When the event was made.
    public let timestamp: Date
    /// The id of the span the event belongs to: the active span when the event was made, unless
    /// given explicitly.
    public var spanID: String? { activeSpanID.optionalText }
    /// The tags of the event: the active tags merged with those given when it was made.
    public var tags: [String: JSONValue]
    private let rawID: UInt64
    /// An id given at creation (a decoded event), empty when the id is formatted from ``rawID``.
    private let givenID: String
    /// The span id, empty for none, formatted only when read. Neither it nor ``givenID`` is
    /// stored in an `Optional`: copying and destroying optionals goes through the generic
    /// `Optional` value witness, and every event is copied and destroyed at least once.
    private let activeSpanID: SpanID

    /// The unique id of the event.
    public var id: String { givenID.isEmpty ? UniqueID.format(rawID) : givenID }

    /// Creates the metadata of an event recorded elsewhere (read back from a file, or made by
    /// another process), with all its fields given.
    public init(id: String, timestamp: Date, spanID: String?, tags: [String: JSONValue] = [:]) {
        self.rawID = 0
        self.givenID = id
        self.timestamp = timestamp
        self.activeSpanID = SpanID(optionalText: spanID)
        self.tags = tags
    }

    /// Creates the metadata of a new event in the current context: the active span and tags.
    public init() {
        let context = ActiveSpanContext.current
        self.rawID = UniqueID.nextRaw()
        self.givenID = ""
        self.timestamp = InstrumentationClock.now()
        self.activeSpanID = context.activeSpanID
        self.tags = context.tags
    }

    /// Creates the metadata of a new event in the current context.
    /// - Parameters:
    ///   - tags: tags of this event alone, merged over the active tags (these win).
    public init(tags: [String: JSONValue]) {
        let context = ActiveSpanContext.current
        self.init(spanID: context.activeSpanID, tags: tags, activeTags: context.tags)
    }

    /// Creates the metadata of a new event that belongs to the span `spanID`, whatever span is
    /// active.
    /// - Parameters:
    ///   - spanID: the span the event belongs to.
    ///   - tags: tags of this event alone, merged over the active tags (these win).
    public init(spanID: String?, tags: [String: JSONValue] = [:]) {
        self.init(spanID: SpanID(optionalText: spanID), tags: tags, activeTags: ActiveSpanContext.current.tags)
    }

    /// Creates the metadata of a new event that belongs to the span `spanID` (not formatted yet),
    /// with the active tags.
    init(spanID: SpanID) {
        self.init(spanID: spanID, tags: [:], activeTags: ActiveSpanContext.current.tags)
    }

    private init(spanID: SpanID, tags: [String: JSONValue], activeTags: [String: JSONValue]) {
        self.rawID = UniqueID.nextRaw()
        self.givenID = ""
        self.timestamp = InstrumentationClock.now()
        self.activeSpanID = spanID
        if tags.isEmpty {
            self.tags = activeTags
        } else if activeTags.isEmpty {
            self.tags = tags
        } else {
            self.tags = activeTags.merging(tags) { _, own in own }
        }
    }

    /// The base fields in the reference's dump shape: `id_`, `timestamp`, `span_id`, `tags`.
    package var baseFields: [String: JSONValue] {
        [
            "id_": .string(id),
            "timestamp": .string(ISO8601Timestamp.format(timestamp)),
            "span_id": spanID.map(JSONValue.string) ?? .null,
            "tags": .object(tags),
        ]
    }
}

extension EventMetadata: Encodable {
    /// Encodes the base fields (`id_`, `timestamp`, `span_id`, `tags`). ``JSONValueEncoder``
    /// flattens them into the event that holds the metadata; other encoders nest them.
    public func encode(to encoder: any Encoder) throws {
        try JSONValue.object(baseFields).encode(to: encoder)
    }
}

extension EventMetadata: Decodable {
    private enum BaseKeys: String, CodingKey {
        case id = "id_"
        case timestamp
        case spanID = "span_id"
        case tags
    }

    /// Decodes the base fields (`id_`, `timestamp`, `span_id`, `tags`) from the decoder's object.
    ///
    /// LLMInstrumentationReading's decoder hands an event's `metadata` property the event's own
    /// object, where the dump keeps these fields beside the event's, so an event's synthesised
    /// `init(from:)` reads them back; other decoders hand it the nested object that
    /// ``encode(to:)`` wrote for them.
    /// - Throws: `DecodingError` when `id_` or `timestamp` is missing or the timestamp is not
    ///   ISO 8601.
    public init(from decoder: any Decoder) throws {
        try self.init(flattenedIn: decoder)
    }

    /// Decodes the base fields (`id_`, `timestamp`, `span_id`, `tags`) that an event's dump holds
    /// beside its own fields.
    /// - Throws: `DecodingError` when `id_` or `timestamp` is missing or the timestamp is not
    ///   ISO 8601.
    public init(flattenedIn decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: BaseKeys.self)
        let text = try container.decode(String.self, forKey: .timestamp)
        guard let timestamp = ISO8601TimestampParser.parse(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .timestamp,
                in: container,
                debugDescription: "'\(text)' is not an ISO 8601 timestamp"
            )
        }
        self.init(
            id: try container.decode(String.self, forKey: .id),
            timestamp: timestamp,
            spanID: try container.decodeIfPresent(String.self, forKey: .spanID),
            tags: try container.decodeIfPresent([String: JSONValue].self, forKey: .tags) ?? [:]
        )
    }
}

public import Foundation

/// A span with its start and end times and its duration, as ``SimpleSpanHandler`` records it.
public struct SimpleSpan: Span, Hashable, Codable {
    /// The unique id of the span.
    public var id: String
    /// The id of the enclosing span, or `nil` for a root span.
    public var parentID: String?
    /// The tags active when the span was entered.
    public var tags: [String: JSONValue]
    /// When the span was entered.
    public var startTime: Date
    /// When the span ended, or `nil` while it is open.
    public var endTime: Date?
    /// How long the span lasted, in seconds; `0` while it is open.
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
        self.id = id
        self.parentID = parentID
        self.tags = tags
        self.startTime = startTime
        self.endTime = endTime
        self.duration = duration
        self.metadata = metadata
    }

    /// The span ended at `end`: sets the end time and the duration.
    public mutating func finish(at end: Date = Date()) {
        endTime = end
        duration = end.timeIntervalSince(startTime)
    }
}

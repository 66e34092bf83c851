/// A query was put: the one body of ``QueryStartEvent`` (a query engine was asked) and
/// ``SynthesizeStartEvent`` (a response synthesizer began to answer), which differ only in their
/// ``EventKind`` (and so in their `class_name`).
///
/// Encodes like the reference's events of those names (`model_dump(mode="json")`).
public struct QueryQuestionEvent<Kind: EventKind>: Event, Decodable {
    /// The query.
    public var query: QueryInput
    /// The shared event fields.
    public var metadata: EventMetadata

    /// The kind's event name (`QueryStartEvent`, `SynthesizeStartEvent`).
    public static var className: String { Kind.className }

    /// Creates the event in the current context (active span and tags).
    public init(query: QueryInput, metadata: EventMetadata = EventMetadata()) {
        self.query = query
        self.metadata = metadata
    }
}

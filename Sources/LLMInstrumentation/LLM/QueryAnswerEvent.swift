/// A query was answered: the one body of ``QueryEndEvent`` (a query engine answered) and
/// ``SynthesizeEndEvent`` (a response synthesizer answered), which differ only in their
/// ``EventKind`` (and so in their `class_name`).
///
/// Encodes like the reference's events of those names (`model_dump(mode="json")`).
public struct QueryAnswerEvent<Kind: EventKind>: Event, Decodable {
    /// The query.
    public var query: QueryInput
    /// The answer.
    public var response: QueryResponse
    /// The shared event fields.
    public var metadata: EventMetadata

    /// The kind's event name (`QueryEndEvent`, `SynthesizeEndEvent`).
    public static var className: String { Kind.className }

    /// Creates the event in the current context (active span and tags).
    public init(query: QueryInput, response: QueryResponse, metadata: EventMetadata = EventMetadata()) {
        self.query = query
        self.response = response
        self.metadata = metadata
    }
}

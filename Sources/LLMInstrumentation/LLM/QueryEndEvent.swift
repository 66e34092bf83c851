/// A query engine answered.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct QueryEndEvent: Event, Decodable {
    /// The query.
    public var query: QueryInput
    /// The answer.
    public var response: QueryResponse
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(query: QueryInput, response: QueryResponse, metadata: EventMetadata = EventMetadata()) {
        self.query = query
        self.response = response
        self.metadata = metadata
    }
}

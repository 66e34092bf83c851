/// A synthesizer began to answer from text chunks.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct GetResponseStartEvent: Event, Decodable {
    /// The query's text.
    public var queryStr: String
    /// The text chunks to answer from.
    public var textChunks: [String]
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(queryStr: String, textChunks: [String], metadata: EventMetadata = EventMetadata()) {
        self.queryStr = queryStr
        self.textChunks = textChunks
        self.metadata = metadata
    }
}

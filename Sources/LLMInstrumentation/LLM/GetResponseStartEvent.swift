/// A synthesizer began to answer from text chunks.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct GetResponseStartEvent: Event {
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

extension GetResponseStartEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case queryStr = "query_str", textChunks = "text_chunks"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.queryStr = try container.decode(String.self, forKey: .queryStr)
        self.textChunks = try container.decode([String].self, forKey: .textChunks)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

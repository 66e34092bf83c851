/// Texts began to be embedded, with the embedding model's settings.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct EmbeddingStartEvent: Event {
    /// The embedding model's settings (`model_dict`).
    public var modelDict: [String: JSONValue]
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(modelDict: [String: JSONValue], metadata: EventMetadata = EventMetadata()) {
        self.modelDict = modelDict
        self.metadata = metadata
    }
}

extension EmbeddingStartEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case modelDict = "model_dict"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.modelDict = try container.decode([String: JSONValue].self, forKey: .modelDict)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

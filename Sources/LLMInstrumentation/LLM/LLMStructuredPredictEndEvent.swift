/// A structured prediction ended.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct LLMStructuredPredictEndEvent: Event {
    /// The output.
    public var output: JSONValue
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(output: JSONValue, metadata: EventMetadata = EventMetadata()) {
        self.output = output
        self.metadata = metadata
    }
}

extension LLMStructuredPredictEndEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case output = "output"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.output = try container.decode(JSONValue.self, forKey: .output)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

/// A completion ended.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct LLMCompletionEndEvent: Event {
    /// The prompt sent.
    public var prompt: String
    /// The final completion.
    public var response: CompletionResponse
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(prompt: String, response: CompletionResponse, metadata: EventMetadata = EventMetadata()) {
        self.prompt = prompt
        self.response = response
        self.metadata = metadata
    }
}

extension LLMCompletionEndEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case prompt = "prompt", response = "response"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.prompt = try container.decode(String.self, forKey: .prompt)
        self.response = try container.decode(CompletionResponse.self, forKey: .response)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

/// A completion began: the prompt, the call's extra arguments and the model's settings.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct LLMCompletionStartEvent: Event {
    /// The prompt sent.
    public var prompt: String
    /// Extra arguments of the call.
    public var additionalKwargs: [String: JSONValue]
    /// The model's settings (`model_dict`).
    public var modelDict: [String: JSONValue]
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(prompt: String, additionalKwargs: [String: JSONValue] = [:], modelDict: [String: JSONValue] = [:], metadata: EventMetadata = EventMetadata()) {
        self.prompt = prompt
        self.additionalKwargs = additionalKwargs
        self.modelDict = modelDict
        self.metadata = metadata
    }
}

extension LLMCompletionStartEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case prompt = "prompt", additionalKwargs = "additional_kwargs", modelDict = "model_dict"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.prompt = try container.decode(String.self, forKey: .prompt)
        self.additionalKwargs = try container.decode([String: JSONValue].self, forKey: .additionalKwargs)
        self.modelDict = try container.decode([String: JSONValue].self, forKey: .modelDict)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

/// A prediction from a prompt template began.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct LLMPredictStartEvent: Event {
    /// The prompt template, in its dump form.
    public var template: JSONValue
    /// The values filled into the template, if any.
    public var templateArgs: [String: JSONValue]?
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(template: JSONValue, templateArgs: [String: JSONValue]? = nil, metadata: EventMetadata = EventMetadata()) {
        self.template = template
        self.templateArgs = templateArgs
        self.metadata = metadata
    }

    private enum CodingKeys: String, CodingKey {
        case template, templateArgs, metadata
    }

    /// Encodes every field, `null` for those missing, as the reference does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(template, forKey: .template)
        try container.encode(templateArgs, forKey: .templateArgs)
        try container.encode(metadata, forKey: .metadata)
    }
}

extension LLMPredictStartEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case template = "template", templateArgs = "template_args"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.template = try container.decode(JSONValue.self, forKey: .template)
        self.templateArgs = try container.decodeIfPresent([String: JSONValue].self, forKey: .templateArgs)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

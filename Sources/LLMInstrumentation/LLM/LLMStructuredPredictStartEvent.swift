/// A structured prediction (a typed output) began.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct LLMStructuredPredictStartEvent: Event {
    /// The output type, as the reference records it (its name or schema).
    public var outputCls: JSONValue
    /// The prompt template, in its dump form.
    public var template: JSONValue
    /// The values filled into the template, if any.
    public var templateArgs: [String: JSONValue]?
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(outputCls: JSONValue, template: JSONValue, templateArgs: [String: JSONValue]? = nil, metadata: EventMetadata = EventMetadata()) {
        self.outputCls = outputCls
        self.template = template
        self.templateArgs = templateArgs
        self.metadata = metadata
    }

    private enum CodingKeys: String, CodingKey {
        case outputCls, template, templateArgs, metadata
    }

    /// Encodes every field, `null` for those missing, as the reference does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(outputCls, forKey: .outputCls)
        try container.encode(template, forKey: .template)
        try container.encode(templateArgs, forKey: .templateArgs)
        try container.encode(metadata, forKey: .metadata)
    }
}

extension LLMStructuredPredictStartEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case outputCls = "output_cls", template = "template", templateArgs = "template_args"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.outputCls = try container.decode(JSONValue.self, forKey: .outputCls)
        self.template = try container.decode(JSONValue.self, forKey: .template)
        self.templateArgs = try container.decodeIfPresent([String: JSONValue].self, forKey: .templateArgs)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

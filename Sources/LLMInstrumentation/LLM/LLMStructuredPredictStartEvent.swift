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

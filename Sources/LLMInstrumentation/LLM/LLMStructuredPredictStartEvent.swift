/// A structured prediction (a typed output) began.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct LLMStructuredPredictStartEvent: Event, Decodable {
    /// The output type, as the reference records it (its name or schema).
    public var outputCls: JSONValue
    /// The prompt template, in its dump form.
    public var template: JSONValue
    /// The values filled into the template, if any.
    public var templateArgs: [String: JSONValue]?
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(
        outputCls: JSONValue,
        template: JSONValue,
        templateArgs: [String: JSONValue]? = nil,
        metadata: EventMetadata = EventMetadata()
    ) {
        self.outputCls = outputCls
        self.template = template
        self.templateArgs = templateArgs
        self.metadata = metadata
    }
}

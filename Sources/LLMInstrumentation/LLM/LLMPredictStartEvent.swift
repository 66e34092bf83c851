/// A prediction from a prompt template began.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct LLMPredictStartEvent: Event, Decodable {
    /// The prompt template, in its dump form.
    public var template: JSONValue
    /// The values filled into the template, if any.
    public var templateArgs: [String: JSONValue]?
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(
        template: JSONValue,
        templateArgs: [String: JSONValue]? = nil,
        metadata: EventMetadata = EventMetadata()
    ) {
        self.template = template
        self.templateArgs = templateArgs
        self.metadata = metadata
    }
}

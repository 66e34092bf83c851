/// A completion began: the prompt, the call's extra arguments and the model's settings.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct LLMCompletionStartEvent: Event, Decodable {
    /// The prompt sent.
    public var prompt: String
    /// Extra arguments of the call.
    public var additionalKwargs: [String: JSONValue]
    /// The model's settings (`model_dict`).
    public var modelDict: [String: JSONValue]
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(
        prompt: String,
        additionalKwargs: [String: JSONValue] = [:],
        modelDict: [String: JSONValue] = [:],
        metadata: EventMetadata = EventMetadata()
    ) {
        self.prompt = prompt
        self.additionalKwargs = additionalKwargs
        self.modelDict = modelDict
        self.metadata = metadata
    }
}

/// A chat with a model began: the messages sent, the call's extra arguments and the model's settings.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct LLMChatStartEvent: Event, Decodable {
    /// The messages sent.
    public var messages: [ChatMessage]
    /// Extra arguments of the call (temperature, tools, ...).
    public var additionalKwargs: [String: JSONValue]
    /// The model's settings (`model_dict`): name, temperature, context window, ...
    public var modelDict: [String: JSONValue]
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(
        messages: [ChatMessage],
        additionalKwargs: [String: JSONValue] = [:],
        modelDict: [String: JSONValue] = [:],
        metadata: EventMetadata = EventMetadata()
    ) {
        self.messages = messages
        self.additionalKwargs = additionalKwargs
        self.modelDict = modelDict
        self.metadata = metadata
    }
}

/// Texts began to be embedded, with the embedding model's settings.
///
/// Encodes like the reference's event of the same name (`model_dump(mode="json")`).
public struct EmbeddingStartEvent: Event, Decodable {
    /// The embedding model's settings (`model_dict`).
    public var modelDict: [String: JSONValue]
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event in the current context (active span and tags).
    public init(modelDict: [String: JSONValue], metadata: EventMetadata = EventMetadata()) {
        self.modelDict = modelDict
        self.metadata = metadata
    }
}

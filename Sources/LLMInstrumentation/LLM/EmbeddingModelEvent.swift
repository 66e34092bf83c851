/// Embedding began, with the model's settings: the one body of ``EmbeddingStartEvent`` and
/// ``SparseEmbeddingStartEvent``, which differ only in their ``EventKind`` (and so in their
/// `class_name`).
///
/// Encodes like the reference's events of those names (`model_dump(mode="json")`).
public struct EmbeddingModelEvent<Kind: EventKind>: Event, Decodable {
    /// The embedding model's settings (`model_dict`).
    public var modelDict: [String: JSONValue]
    /// The shared event fields.
    public var metadata: EventMetadata

    /// The kind's event name (`EmbeddingStartEvent`, `SparseEmbeddingStartEvent`).
    public static var className: String { Kind.className }

    /// Creates the event in the current context (active span and tags).
    public init(modelDict: [String: JSONValue], metadata: EventMetadata = EventMetadata()) {
        self.modelDict = modelDict
        self.metadata = metadata
    }
}

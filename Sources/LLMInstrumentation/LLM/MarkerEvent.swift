/// An event that carries nothing but the shared fields, marking a point in a span: the one body
/// of ``GetResponseEndEvent``, ``GetMessageResponseEndEvent``, ``StreamChatStartEvent`` and
/// ``StreamChatEndEvent``, which differ only in their ``EventKind`` (and so in their
/// `class_name`).
///
/// Encodes like the reference's events of those names (`model_dump(mode="json")`).
public struct MarkerEvent<Kind: EventKind>: Event, Decodable {
    /// The shared event fields.
    public var metadata: EventMetadata

    /// The kind's event name (`GetResponseEndEvent`, `StreamChatStartEvent`, ...).
    public static var className: String { Kind.className }

    /// Creates the event in the current context (active span and tags).
    public init(metadata: EventMetadata = EventMetadata()) {
        self.metadata = metadata
    }
}

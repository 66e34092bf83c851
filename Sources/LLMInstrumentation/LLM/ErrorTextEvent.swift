/// An event that reports an error by its text: the one body of ``ExceptionEvent`` and
/// ``StreamChatErrorEvent``, which differ only in their ``EventKind`` (and so in their
/// `class_name`).
///
/// The reference keeps the exception object and cannot dump it (pydantic raises "Unable to
/// serialize unknown type"); this event keeps the error's text, so it always encodes, as
/// `{"exception": "<text>"}`.
public struct ErrorTextEvent<Kind: EventKind>: Event, Decodable {
    /// The error's text.
    public var exception: String
    /// The shared event fields.
    public var metadata: EventMetadata

    /// The kind's event name (`ExceptionEvent`, `StreamChatErrorEvent`).
    public static var className: String { Kind.className }

    /// Creates the event for `error` in the current context.
    public init(error: any Error, metadata: EventMetadata = EventMetadata()) {
        self.init(exception: String(describing: error), metadata: metadata)
    }

    /// Creates the event for an error described by `exception`.
    public init(exception: String, metadata: EventMetadata = EventMetadata()) {
        self.exception = exception
        self.metadata = metadata
    }
}

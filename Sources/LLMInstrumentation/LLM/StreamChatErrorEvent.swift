/// A streamed chat answer failed.
///
/// The reference keeps the exception object and cannot dump it (pydantic raises "Unable to
/// serialize unknown type"); this event keeps the error's text, so it always encodes, as
/// `{"exception": "<text>"}`.
public struct StreamChatErrorEvent: Event, Decodable {
    /// The error's text.
    public var exception: String
    /// The shared event fields.
    public var metadata: EventMetadata

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

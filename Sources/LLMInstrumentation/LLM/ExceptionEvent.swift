/// An error was caught and reported.
///
/// The reference keeps the exception object and cannot dump it (pydantic raises "Unable to
/// serialize unknown type"); this event keeps the error's text, so it always encodes, as
/// `{"exception": "<text>"}`.
public struct ExceptionEvent: Event {
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

extension ExceptionEvent: Decodable {
    private enum DecodingKeys: String, CodingKey {
        case exception = "exception"
    }

    /// Decodes the event from the reference's dump shape (its fields, and the base fields
    /// `id_`, `timestamp`, `span_id`, `tags` beside them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodingKeys.self)
        self.exception = try container.decode(String.self, forKey: .exception)
        self.metadata = try EventMetadata(flattenedIn: decoder)
    }
}

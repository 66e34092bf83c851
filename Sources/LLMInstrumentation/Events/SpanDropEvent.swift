/// Emitted when a span ends with an error: the work it covered threw.
///
/// Its ``Event/spanID`` is the span that was dropped, and ``errorDescription`` the error's text
/// (`err_str` in dumps, as in the reference).
public struct SpanDropEvent: Event, Decodable {
    /// The text of the error that ended the span.
    public var errorDescription: String
    /// The shared event fields.
    public var metadata: EventMetadata

    /// Creates the event for the span `spanID` ending with `error`.
    public init(spanID: String?, error: any Error) {
        self.init(spanID: spanID, errorDescription: String(describing: error))
    }

    /// Creates the event for the span `spanID` ending with an error described by `errorDescription`.
    public init(spanID: String?, errorDescription: String) {
        self.errorDescription = errorDescription
        self.metadata = EventMetadata(spanID: spanID)
    }

    /// Creates the event for the span `spanID` (not formatted yet) ending with `error`.
    init(droppedSpanID spanID: SpanID, error: any Error) {
        self.errorDescription = String(describing: error)
        self.metadata = EventMetadata(spanID: spanID)
    }

    private enum CodingKeys: String, CodingKey {
        case errorDescription = "err_str"
        case metadata
    }
}

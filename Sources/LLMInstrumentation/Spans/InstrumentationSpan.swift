/// A stretch of the program's execution: one call of a retriever, one LLM request, one agent step.
///
/// Spans nest: ``parentID`` is the span that was active when this one was entered. A
/// ``SpanHandler`` decides what its spans hold besides these fields (``SimpleSpan`` adds times
/// and a duration).
public protocol InstrumentationSpan: Sendable {
    /// The unique id, `"<Type>.<method>-<unique>"` or `"<function>-<unique>"`.
    var id: String { get }
    /// The id of the enclosing span, or `nil` for a root span.
    var parentID: String? { get }
    /// The tags active when the span was entered.
    var tags: [String: JSONValue] { get }
}

extension InstrumentationSpan {
    /// The span's name: its id without the unique suffix (`Retriever.retrieve` for
    /// `Retriever.retrieve-1b2c…`); an id made elsewhere without such a suffix is its own name.
    public var name: String {
        SpanName.name(ofID: id)
    }
}

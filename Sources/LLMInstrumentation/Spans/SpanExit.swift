/// What a span handler learns when a span ends normally.
public struct SpanExit: Sendable {
    /// The id of the span.
    public var id: String
    /// The arguments of the spanned call.
    public var boundArguments: BoundArguments
    /// The runtime type name of the instance whose method is spanned, or `nil` for a function.
    public var instanceTypeName: String?
    /// What the call returned, or `nil` when it returned nothing. A result that is not
    /// `Sendable` arrives as its text (`String(describing:)`).
    public var result: (any Sendable)?
    /// Facts about how the span went, worth recording on it (a stream's `chunk_count` and
    /// `time_to_first_chunk`); empty for most spans.
    public var facts: [String: JSONValue]

    /// Creates the exit of a span.
    public init(
        id: String,
        boundArguments: BoundArguments = [:],
        instanceTypeName: String? = nil,
        result: (any Sendable)? = nil,
        facts: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.boundArguments = boundArguments
        self.instanceTypeName = instanceTypeName
        self.result = result
        self.facts = facts
    }
}

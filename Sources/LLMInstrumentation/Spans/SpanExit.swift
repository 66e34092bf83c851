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

    /// Creates the exit of a span.
    public init(
        id: String,
        boundArguments: BoundArguments = [:],
        instanceTypeName: String? = nil,
        result: (any Sendable)? = nil
    ) {
        self.id = id
        self.boundArguments = boundArguments
        self.instanceTypeName = instanceTypeName
        self.result = result
    }
}

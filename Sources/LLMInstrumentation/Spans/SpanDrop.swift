/// What a span handler learns when a span ends with an error.
public struct SpanDrop: Sendable {
    /// The id of the span.
    public var id: String
    /// The arguments of the spanned call.
    public var boundArguments: BoundArguments
    /// The runtime type name of the instance whose method is spanned, or `nil` for a function.
    public var instanceTypeName: String? {
        get { storedTypeName.isEmpty ? nil : storedTypeName }
        set { storedTypeName = newValue ?? "" }
    }
    /// Stored without an `Optional` (empty for none), as in ``SpanEntry``.
    private var storedTypeName: String
    /// The error that ended the span.
    public var error: any Error

    /// Creates the drop of a span.
    public init(
        id: String,
        boundArguments: BoundArguments = [:],
        instanceTypeName: String? = nil,
        error: any Error
    ) {
        self.id = id
        self.boundArguments = boundArguments
        self.storedTypeName = instanceTypeName ?? ""
        self.error = error
    }
}

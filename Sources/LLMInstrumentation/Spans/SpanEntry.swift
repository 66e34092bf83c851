/// What a span handler learns when a span is entered.
public struct SpanEntry: Sendable {
    /// The id of the new span.
    public var id: String
    /// The arguments of the spanned call.
    public var boundArguments: BoundArguments
    /// The runtime type name of the instance whose method is spanned, or `nil` for a function.
    public var instanceTypeName: String?
    /// The id of the enclosing span, or `nil` for a root span.
    public var parentID: String?
    /// The tags active at entry.
    public var tags: [String: JSONValue]

    /// Creates the entry of a span.
    public init(
        id: String,
        boundArguments: BoundArguments = [:],
        instanceTypeName: String? = nil,
        parentID: String? = nil,
        tags: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.boundArguments = boundArguments
        self.instanceTypeName = instanceTypeName
        self.parentID = parentID
        self.tags = tags
    }
}

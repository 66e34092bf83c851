/// What a span handler learns when a span is entered.
public struct SpanEntry: Sendable {
    /// The id of the new span.
    public var id: String
    /// The arguments of the spanned call.
    public var boundArguments: BoundArguments
    /// The runtime type name of the instance whose method is spanned, or `nil` for a function.
    public var instanceTypeName: String? {
        get { storedTypeName.isEmpty ? nil : storedTypeName }
        set { storedTypeName = newValue ?? "" }
    }
    /// The id of the enclosing span, or `nil` for a root span.
    public var parentID: String? {
        get { storedParentID.isEmpty ? nil : storedParentID }
        set { storedParentID = newValue ?? "" }
    }
    // Stored without `Optional`s around them (empty for none): entries are copied and destroyed
    // on every span, and optional strings go through the generic `Optional` value witness.
    private var storedTypeName: String
    private var storedParentID: String
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
        self.storedTypeName = instanceTypeName ?? ""
        self.storedParentID = parentID ?? ""
        self.tags = tags
    }
}

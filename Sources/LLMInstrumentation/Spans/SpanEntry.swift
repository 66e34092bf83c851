/// What a span handler learns when a span is entered.
public struct SpanEntry: Sendable {
    /// The id of the new span.
    public var id: String {
        get { spanID.text }
        set { spanID = SpanID(text: newValue) }
    }
    /// The id, formatted as text only when read.
    var spanID: SpanID
    /// The arguments of the spanned call.
    public var boundArguments: BoundArguments
    /// The runtime type name of the instance whose method is spanned, or `nil` for a function.
    public var instanceTypeName: String? {
        get { storedTypeName.isEmpty ? spanID.cachedTypeName : storedTypeName }
        set { storedTypeName = newValue ?? "" }
    }
    /// The id of the enclosing span, or `nil` for a root span.
    public var parentID: String? {
        get { parentSpanID.optionalText }
        set { parentSpanID = SpanID(optionalText: newValue) }
    }
    /// The enclosing span's id, empty for none.
    var parentSpanID: SpanID
    // Stored without an `Optional` around it (empty when the id's cached name tells, or for a
    // function): entries are copied and destroyed on every span, and optional strings go through
    // the generic `Optional` value witness.
    private var storedTypeName: String
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
        self.init(
            spanID: SpanID(text: id),
            boundArguments: boundArguments,
            storedTypeName: instanceTypeName ?? "",
            parentSpanID: SpanID(optionalText: parentID),
            tags: tags
        )
    }

    /// Creates the entry of a span whose ids are not formatted yet; `storedTypeName` is empty
    /// when there is no type or `spanID`'s cached name has it.
    init(spanID: SpanID, boundArguments: BoundArguments, storedTypeName: String, parentSpanID: SpanID, tags: [String: JSONValue]) {
        self.spanID = spanID
        self.boundArguments = boundArguments
        self.storedTypeName = storedTypeName
        self.parentSpanID = parentSpanID
        self.tags = tags
    }
}

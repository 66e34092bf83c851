public import Foundation

/// What a span handler learns when a span is entered.
public struct SpanEntry: Sendable {
    /// The id of the new span.
    public var id: String {
        get { spanID.text }
        set { spanID = SpanID(text: newValue) }
    }
    /// The id, formatted as text only when read.
    var spanID: SpanID
    /// The span's name: `"<Type>.<method>"` for a method, the function's name otherwise (the id
    /// without its unique suffix).
    public var name: String
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
    // function).
    private var storedTypeName: String
    /// The tags active at entry.
    public var tags: [String: JSONValue]
    /// When the span was entered, by the system's wall clock.
    public var startTime: Date
    /// When the span was entered, by the monotonic clock (nanoseconds): its duration is measured
    /// from here.
    var startInstant: UInt64

    /// Creates the entry of a span that starts now.
    /// - Parameters:
    ///   - id: the span's id.
    ///   - name: the span's name; by default the id without a unique suffix.
    ///   - boundArguments: the arguments of the call the span covers.
    ///   - instanceTypeName: the type whose method the span covers, if any.
    ///   - parentID: the enclosing span.
    ///   - tags: the span's tags.
    public init(
        id: String,
        name: String? = nil,
        boundArguments: BoundArguments = [:],
        instanceTypeName: String? = nil,
        parentID: String? = nil,
        tags: [String: JSONValue] = [:]
    ) {
        self.init(
            spanID: SpanID(text: id),
            name: name ?? SpanName.name(ofID: id),
            boundArguments: boundArguments,
            storedTypeName: instanceTypeName ?? "",
            parentSpanID: SpanID(optionalText: parentID),
            tags: tags,
            clock: .system
        )
    }

    /// Creates the entry of a span starting now by `clock`, whose ids are not formatted yet;
    /// `storedTypeName` is empty when there is no type or `spanID`'s cached name has it.
    init(
        spanID: SpanID,
        name: String,
        boundArguments: BoundArguments,
        storedTypeName: String,
        parentSpanID: SpanID,
        tags: [String: JSONValue],
        clock: InstrumentationClock
    ) {
        self.spanID = spanID
        self.name = name
        self.boundArguments = boundArguments
        self.storedTypeName = storedTypeName
        self.parentSpanID = parentSpanID
        self.tags = tags
        self.startTime = clock.wallTime()
        self.startInstant = clock.monotonicNanoseconds()
    }
}

import Foundation

/// What a span handler learns when a span ends normally.
public struct SpanExit: Sendable {
    /// The id of the span.
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
    // Stored without `Optional`s around them: exits are made on every span.
    var storedTypeName: String
    private var storedResult: any Sendable
    private var hasResult: Bool
    /// What the call returned, or `nil` when it returned nothing. A result that is not
    /// `Sendable` arrives as its text (`String(describing:)`).
    public var result: (any Sendable)? {
        get { hasResult ? storedResult : nil }
        set {
            hasResult = newValue != nil
            storedResult = newValue ?? ()
        }
    }
    /// Facts about how the span went, worth recording on it (a stream's `chunk_count` and
    /// `time_to_first_chunk`); empty for most spans.
    public var facts: [String: JSONValue]
    /// When the span ended and how long it lasted, measured from its entry.
    public var timing: SpanTiming
    /// When the span ended, by the monotonic clock (nanoseconds).
    var endInstant: UInt64

    /// Creates the exit of a span ending now.
    public init(
        id: String,
        boundArguments: BoundArguments = [:],
        instanceTypeName: String? = nil,
        result: (any Sendable)? = nil,
        facts: [String: JSONValue] = [:]
    ) {
        self.init(
            spanID: SpanID(text: id),
            boundArguments: boundArguments,
            storedTypeName: instanceTypeName ?? "",
            clock: .system
        )
        self.result = result
        self.facts = facts
    }

    /// Creates the exit of a span ending now by `clock`, without a result yet, whose id is not
    /// formatted yet; `storedTypeName` is empty when there is no type or `spanID`'s cached name
    /// has it.
    init(spanID: SpanID, boundArguments: BoundArguments, storedTypeName: String, clock: InstrumentationClock) {
        self.spanID = spanID
        self.boundArguments = boundArguments
        self.storedTypeName = storedTypeName
        self.storedResult = ()
        self.hasResult = false
        self.facts = Dictionary()
        self.endInstant = clock.monotonicNanoseconds()
        self.timing = .unmeasured
    }

    /// Creates the exit, measured and without a result yet, of a span that started at
    /// `startTime` (wall clock) and `startInstant` (monotonic) and ends now by `clock`.
    init(
        spanID: SpanID,
        boundArguments: BoundArguments,
        storedTypeName: String,
        startTime: Date,
        startInstant: UInt64,
        clock: InstrumentationClock
    ) {
        self.init(spanID: spanID, boundArguments: boundArguments, storedTypeName: storedTypeName, clock: clock)
        setTiming(startTime: startTime, startInstant: startInstant)
    }

    /// Measures the span from its start to ``endInstant``.
    mutating func setTiming(startTime: Date, startInstant: UInt64) {
        timing = SpanTiming(startTime: startTime, startInstant: startInstant, endInstant: endInstant)
    }
}

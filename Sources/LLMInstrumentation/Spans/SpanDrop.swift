import Foundation

/// What a span handler learns when a span ends with an error.
public struct SpanDrop: Sendable {
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
    /// Stored without an `Optional` (empty for none), as in ``SpanEntry``.
    private var storedTypeName: String
    /// The error that ended the span.
    public var error: any Error
    /// When the span ended and how long it lasted, measured from its entry.
    public var timing: SpanTiming
    /// When the span ended, by the monotonic clock (nanoseconds).
    var endInstant: UInt64

    /// Creates the drop of a span ending now.
    public init(
        id: String,
        boundArguments: BoundArguments = [:],
        instanceTypeName: String? = nil,
        error: any Error
    ) {
        self.init(
            spanID: SpanID(text: id),
            boundArguments: boundArguments,
            storedTypeName: instanceTypeName ?? "",
            error: error,
            clock: .system
        )
    }

    /// Creates the drop of a span ending now by `clock`, whose id is not formatted yet;
    /// `storedTypeName` is empty when there is no type or `spanID`'s cached name has it.
    init(
        spanID: SpanID,
        boundArguments: BoundArguments,
        storedTypeName: String,
        error: any Error,
        clock: InstrumentationClock
    ) {
        self.spanID = spanID
        self.boundArguments = boundArguments
        self.storedTypeName = storedTypeName
        self.error = error
        self.endInstant = clock.monotonicNanoseconds()
        self.timing = .unmeasured
    }

    /// Measures the span from its start to ``endInstant``.
    mutating func setTiming(startTime: Date, startInstant: UInt64) {
        timing = SpanTiming(startTime: startTime, startInstant: startInstant, endInstant: endInstant)
    }
}

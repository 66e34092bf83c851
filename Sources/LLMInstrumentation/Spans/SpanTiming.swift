public import Foundation

/// When a span ended and how long it lasted: its duration is the monotonic time from its entry,
/// and its end is its start time plus that duration, so a step of the wall clock during the span
/// changes neither.
public struct SpanTiming: Sendable, Hashable {
    /// When the span ended: its start time (by the wall clock) plus ``duration``.
    public var endTime: Date
    /// How long the span lasted, in nanoseconds (kept so: a `Duration` is built from 128-bit
    /// arithmetic, which costs more than the rest of the timing).
    private var nanoseconds: Int64

    /// How long the span lasted, by the monotonic clock.
    public var duration: Duration {
        get { .nanoseconds(nanoseconds) }
        set {
            let (seconds, attoseconds) = newValue.components
            nanoseconds =
                seconds.multipliedReportingOverflow(by: 1_000_000_000).partialValue &+ attoseconds / 1_000_000_000
        }
    }

    /// Creates the timing of a span.
    public init(endTime: Date, duration: Duration) {
        self.endTime = endTime
        self.nanoseconds = 0
        self.duration = duration
    }

    private init(endTime: Date, nanoseconds: Int64) {
        self.endTime = endTime
        self.nanoseconds = nanoseconds
    }

    /// The timing of a span that started at `startTime` (wall clock) and `startInstant`
    /// (monotonic nanoseconds) and ended at the monotonic `endInstant`. An end before the start
    /// (which a monotonic clock never gives) counts as no time.
    init(startTime: Date, startInstant: UInt64, endInstant: UInt64) {
        nanoseconds = Int64(clamping: endInstant >= startInstant ? endInstant - startInstant : 0)
        endTime = startTime.addingTimeInterval(Double(nanoseconds) * 1.0e-9)
    }

    /// The timing of a span not measured yet (its registration measures it before a handler sees
    /// it).
    static var unmeasured: SpanTiming { SpanTiming(endTime: Date(timeIntervalSinceReferenceDate: 0), nanoseconds: 0) }

    /// The duration in seconds, as the reference's `SimpleSpan.duration` has it.
    public var seconds: Double {
        Double(nanoseconds) * 1.0e-9
    }
}

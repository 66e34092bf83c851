import Foundation
import Tracing

/// Converts the core's `Date` timestamps to the tracer's instants.
enum TracingClock {
    static func instant(of date: Date) -> DefaultTracerClock.Timestamp {
        let nanoseconds = date.timeIntervalSince1970 * 1_000_000_000
        return DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: nanoseconds > 0 ? UInt64(nanoseconds) : 0)
    }
}

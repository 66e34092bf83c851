import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The two clocks instrumentation reads: the system's wall clock for timestamps, and a monotonic
/// clock for durations, which no wall-clock step (NTP, a user setting the time) can move.
///
/// A span's start time is read from the wall clock; its duration is the monotonic time between
/// its entry and its end, and its end time is the start plus that duration, so it is never before
/// the start and never wrong by a step of the wall clock during the span.
struct InstrumentationClock: Sendable {
    /// Reads the wall clock.
    let wallTime: @Sendable () -> Date
    /// Reads the monotonic clock, in nanoseconds since an arbitrary fixed point.
    let monotonicNanoseconds: @Sendable () -> UInt64

    /// The system's clocks: `CLOCK_REALTIME` and `CLOCK_MONOTONIC`.
    static let system = InstrumentationClock(wallTime: { now() }, monotonicNanoseconds: { monotonicNow() })

    /// Nanoseconds from 1970 to 2001, the `Date` reference.
    private static var referenceDateOffset: Int64 { 978_307_200 * 1_000_000_000 }

    /// The system wall clock now (`clock_gettime(CLOCK_REALTIME)`, without Foundation's layers).
    @inline(__always)
    static func now() -> Date {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        let nanoseconds = Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec) - referenceDateOffset
        return Date(timeIntervalSinceReferenceDate: Double(nanoseconds) * 1.0e-9)
    }

    /// The system monotonic clock now, in nanoseconds (`clock_gettime(CLOCK_MONOTONIC)`).
    @inline(__always)
    static func monotonicNow() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

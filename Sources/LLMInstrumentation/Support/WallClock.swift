import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The current time as a `Date`, read with one `clock_gettime` call.
///
/// `Date()` reads the same clock, through Foundation's own layers (about 100 instructions); every
/// event and every recorded span reads the time once or twice, so the hot path reads it directly.
enum WallClock {
    /// Seconds from 1970 to 2001, the `Date` reference.
    private static var referenceDateOffset: Int { 978_307_200 }

    /// Now.
    @inline(__always)
    static func now() -> Date {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        let seconds = Double(Int(time.tv_sec) - referenceDateOffset) + Double(time.tv_nsec) * 1.0e-9
        return Date(timeIntervalSinceReferenceDate: seconds)
    }
}

import CLLMInstrumentationSupport
import Foundation

/// The current time as a `Date`, for events and spans.
///
/// `Date()` reads the system clock through Foundation's own layers (about 100 instructions), and
/// the system clock itself (`clock_gettime`) costs about 25 ns on these machines, a third of an
/// event. Every event reads the time once and every recorded span twice, so the hot path reads it
/// in C: on x86-64 Linux whose kernel keeps time with the CPU's time-stamp counter, the counter
/// scaled from a system-clock reading at most a millisecond old (about 10 ns); elsewhere, or with
/// `LLM_INSTRUMENTATION_CLOCK=system` in the environment, `clock_gettime` (see
/// `CLLMInstrumentationSupport.h` for how, and `WallClockTests` for how close it stays).
enum WallClock {
    /// Nanoseconds from 1970 to 2001, the `Date` reference.
    private static var referenceDateOffset: Int64 { 978_307_200 * 1_000_000_000 }

    /// Now.
    @inline(__always)
    static func now() -> Date {
        Date(timeIntervalSinceReferenceDate: Double(llm_instrumentation_clock_now() - referenceDateOffset) * 1.0e-9)
    }

    /// Now, as the system clock (`clock_gettime`) gives it, in nanoseconds since 1970.
    static func systemNanoseconds() -> Int64 {
        llm_instrumentation_clock_system_now()
    }

    /// Now, as ``now()`` reads it, in nanoseconds since 1970.
    static func nanoseconds() -> Int64 {
        llm_instrumentation_clock_now()
    }

    /// Whether readings are interpolated from the time-stamp counter (decided at the first reading).
    static var usesTimeStampCounter: Bool {
        llm_instrumentation_clock_mode() == 1
    }

    /// Whether the counter's rate is measured, so readings are being interpolated (1 ms after
    /// the first reading, where ``usesTimeStampCounter``).
    static var isInterpolating: Bool {
        llm_instrumentation_clock_is_interpolating() != 0
    }
}

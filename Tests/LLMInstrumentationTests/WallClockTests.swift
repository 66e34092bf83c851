import Foundation
import Testing

@testable import LLMInstrumentation

@Suite("Wall clock")
struct WallClockTests {
    /// Whether the kernel keeps time with the time-stamp counter, so the clock must interpolate.
    private static var kernelClockIsTimeStampCounter: Bool {
        #if arch(x86_64) && os(Linux)
        let source = try? String(
            contentsOfFile: "/sys/devices/system/clocksource/clocksource0/current_clocksource",
            encoding: .utf8
        )
        return source == "tsc\n" && ProcessInfo.processInfo.environment["LLM_INSTRUMENTATION_CLOCK"] != "system"
        #else
        return false
        #endif
    }

    @Test("every reading lies between system-clock readings taken around it, before and after the counter takes over")
    func readingsStayWithTheSystemClock() {
        // Interpolation starts once the counter's rate has been measured over 1 ms; read on for
        // 300 ms past that (or 2 s in all where the system clock is used throughout).
        let started = WallClock.systemNanoseconds()
        var interpolatingSince: Int64?
        var readings = 0
        var worstEarly: Int64 = 0
        var worstLate: Int64 = 0
        while true {
            let before = WallClock.systemNanoseconds()
            let reading = WallClock.nanoseconds()
            let after = WallClock.systemNanoseconds()
            readings += 1
            worstEarly = max(worstEarly, before - reading)
            worstLate = max(worstLate, reading - after)
            if interpolatingSince == nil, WallClock.isInterpolating { interpolatingSince = after }
            if let since = interpolatingSince, after - since > 300_000_000 { break }
            if after - started > 2_000_000_000 { break }
        }
        // An anchor is a system-clock reading with the counter read within a microsecond on both
        // sides, at most a millisecond old, and the rate is measured over at least 1 ms: about a
        // microsecond off at worst, so 20 µs is generous.
        print("wall clock: worst early \(worstEarly) ns, worst late \(worstLate) ns, \(readings) readings")
        #expect(worstEarly < 20_000, "a reading was \(worstEarly) ns before the system clock")
        #expect(worstLate < 20_000, "a reading was \(worstLate) ns after the system clock")
        #expect(readings > 1_000)
        #expect(WallClock.usesTimeStampCounter == Self.kernelClockIsTimeStampCounter)
        #expect(WallClock.isInterpolating == Self.kernelClockIsTimeStampCounter)
    }

    @Test("the hot path's wall clock reads the same time as Date(), to the microsecond scale")
    func wallClockMatchesFoundation() {
        for _ in 0..<1_000 {
            let before = Date()
            let now = WallClock.now()
            let after = Date()
            // `Date` holds seconds in a `Double`: about 0.1 µs apart at today's dates.
            #expect(now.timeIntervalSince(before) > -1e-6)
            #expect(after.timeIntervalSince(now) > -1e-6)
        }
    }
}

import Foundation
import Testing

@testable import LLMInstrumentation

/// A clock whose wall time and monotonic time the test sets by hand.
private final class ManualClock: Sendable {
    private let state = LockedValue(
        (wall: Date(timeIntervalSince1970: 1_800_000_000), monotonic: UInt64(5_000_000_000))
    )

    var clock: InstrumentationClock {
        InstrumentationClock(
            wallTime: { self.state.withLock { $0.wall } },
            monotonicNanoseconds: { self.state.withLock { $0.monotonic } }
        )
    }

    /// Time passes: both clocks move on by `seconds`.
    func advance(seconds: Double) {
        state.withLock {
            $0.wall.addTimeInterval(seconds)
            $0.monotonic += UInt64(seconds * 1e9)
        }
    }

    /// The wall clock is set back by `seconds` (NTP, a user); the monotonic clock does not move.
    func stepWallClockBack(seconds: Double) {
        state.withLock { $0.wall.addTimeInterval(-seconds) }
    }
}

@Suite("Span times: wall-clock start, monotonic duration")
struct ClockTests {
    @Test("a wall clock stepped back mid-span changes neither the duration nor the end after the start")
    func wallClockStepBackMidSpan() throws {
        let manual = ManualClock()
        let registry = DispatcherRegistry(clock: manual.clock)
        let dispatcher = registry.dispatcher(named: "clock.jump")
        let handler = SimpleSpanHandler()
        let exported = RecordingSpanHandler()
        dispatcher.addSpanHandler(handler)
        dispatcher.addSpanHandler(exported)
        let start = manual.clock.wallTime()

        dispatcher.span("scoped") {
            manual.advance(seconds: 1.5)
            manual.stepWallClockBack(seconds: 3_600)
            manual.advance(seconds: 0.5)
        }
        dispatcher.spanEnter(id: "manual-1")
        manual.stepWallClockBack(seconds: 60)
        manual.advance(seconds: 0.25)
        dispatcher.spanExit(id: "manual-1")
        _ = try? dispatcher.span("failing") { () throws -> Void in
            manual.stepWallClockBack(seconds: 10)
            manual.advance(seconds: 0.125)
            throw TestError(message: "late")
        }

        let completed = handler.completedSpans
        #expect(completed.map(\.name) == ["scoped", "manual-1"])
        let scoped = try #require(completed.first)
        #expect(scoped.startTime == start)
        #expect(scoped.duration == 2.0)
        #expect(scoped.endTime == start.addingTimeInterval(2.0))
        let manualSpan = try #require(completed.last)
        #expect(manualSpan.duration == 0.25)
        #expect(try #require(manualSpan.endTime) > manualSpan.startTime)
        let dropped = try #require(handler.droppedSpans.first)
        #expect(dropped.duration == 0.125)
        #expect(try #require(dropped.endTime) == dropped.startTime.addingTimeInterval(0.125))
    }

    @Test("the system clock's spans end after they start and last what the monotonic clock measured")
    func systemClock() throws {
        let dispatcher = TestHierarchy().dispatcher("clock.system")
        let handler = SimpleSpanHandler()
        dispatcher.addSpanHandler(handler)
        let before = Date()
        dispatcher.span("work") {
            let monotonicStart = InstrumentationClock.monotonicNow()
            while InstrumentationClock.monotonicNow() - monotonicStart < 5_000_000 {}
        }
        let span = try #require(handler.completedSpans.first)
        #expect(span.startTime >= before.addingTimeInterval(-0.001))
        #expect(span.duration >= 0.005)
        #expect(try #require(span.endTime) > span.startTime)
    }
}

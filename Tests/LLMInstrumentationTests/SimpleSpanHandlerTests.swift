import Foundation
import InMemoryLogging
import Logging
import Testing

@testable import LLMInstrumentation

@Suite("SimpleSpanHandler")
struct SimpleSpanHandlerTests {
    /// Records a finished span with a known start and duration.
    func record(
        _ handler: SimpleSpanHandler,
        id: String,
        parent: String?,
        start: Double,
        duration: Double,
        error: String? = nil
    ) {
        let startTime = Date(timeIntervalSince1970: 1_000 + start)
        var span = SimpleSpan(id: id, parentID: parent, startTime: startTime)
        span.endTime = startTime.addingTimeInterval(duration)
        span.duration = duration
        if let error { span.metadata = ["error": .string(error)] }
        handler.keep(span, dropped: error != nil)
    }

    @Test("trace trees of a known set of spans print exactly, children by start time")
    func printsKnownTree() throws {
        let logs = InMemoryLogHandler()
        let handler = SimpleSpanHandler(logger: Logger(label: "test") { _ in logs })
        record(handler, id: "Pipeline.run-1", parent: nil, start: 0, duration: 1.5)
        record(handler, id: "Retriever.retrieve-2", parent: "Pipeline.run-1", start: 0.1, duration: 0.25)
        record(handler, id: "Embedder.embed-3", parent: "Retriever.retrieve-2", start: 0.11, duration: 0.125)
        record(handler, id: "LLM.chat-4", parent: "Pipeline.run-1", start: 0.05, duration: 0.5, error: "timeout")
        record(handler, id: "LLM.chat-5", parent: "Pipeline.run-1", start: 0.6, duration: 0.75)
        record(handler, id: "Agent.step-6", parent: "Agent.run-0", start: 2, duration: 0.0625)
        record(handler, id: "cleanup-7", parent: nil, start: 3, duration: 0.001)

        let expected = """
            Pipeline.run-1 (1.5)
            ├── LLM.chat-4 (0.5)
            ├── Retriever.retrieve-2 (0.25)
            │   └── Embedder.embed-3 (0.125)
            └── LLM.chat-5 (0.75)
            Agent.run-0-MISSING
            └── Agent.step-6 (0.0625)
            cleanup-7 (0.001)

            """
        #expect(handler.traceTreesDescription() == expected)
        let warnings = logs.entries.filter { $0.level == .warning }
        #expect(warnings.count == 1, "one warning per missing parent")
        #expect(warnings.first?.message.description == "Parent with id Agent.run-0 missing from spans")

        let trees = handler.traceTrees()
        #expect(trees.map(\.root.id) == ["Pipeline.run-1", "Agent.run-0-MISSING", "cleanup-7"])
        #expect(trees[0].nodeCount == 5)
        #expect(trees[1].root.isPlaceholder)
        #expect(trees[0].children(of: trees[0].root)[0].span?.metadata?["error"] == "timeout")
    }

    @Test("a span is timed from entry to exit, and a dropped span records its error")
    func timing() throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("simple.timing")
        let handler = SimpleSpanHandler()
        dispatcher.addSpanHandler(handler)
        let clock = ContinuousClock()
        var measured = Duration.zero
        dispatcher.span("wait") {
            let start = clock.now
            while clock.now - start < .milliseconds(20) {}
            measured = clock.now - start
        }
        _ = try? dispatcher.span("fail") { () throws -> Void in throw TestError(message: "nope") }

        let span = try #require(handler.completedSpans.first)
        let measuredSeconds = Double(measured.components.seconds) + Double(measured.components.attoseconds) / 1e18
        #expect(span.duration >= measuredSeconds)
        #expect(span.duration < measuredSeconds + 5)
        // The end is the start plus the monotonic duration, to the precision of a `Date`.
        let wallDuration = try #require(span.endTime).timeIntervalSince(span.startTime)
        #expect(abs(wallDuration - span.duration) < 1e-6)
        let dropped = try #require(handler.droppedSpans.first)
        #expect(dropped.metadata == ["error": "nope"])
        #expect(handler.traceTrees().count == 2)
    }

    @Test("the handler keeps at most its capacity of finished spans and counts evictions")
    func boundedMemory() {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("simple.bounded")
        let handler = SimpleSpanHandler(capacity: 100)
        dispatcher.addSpanHandler(handler)
        for index in 0..<250 {
            if index % 10 == 0 {
                _ = try? dispatcher.span("failing", arguments: ["i": index]) { () throws -> Void in
                    throw TestError(message: "e\(index)")
                }
            } else {
                dispatcher.span("step") {}
            }
        }
        #expect(handler.completedSpans.count + handler.droppedSpans.count == 100)
        #expect(handler.evictedSpanCount == 150)
        #expect(
            handler.droppedSpans.map { $0.metadata?["error"] } == [
                "e150", "e160", "e170", "e180", "e190", "e200", "e210", "e220", "e230", "e240",
            ]
        )
        #expect(dispatcher.statistics.openSpanCount == 0)
    }

    @Test("the default capacity is 10,000")
    func defaultCapacity() {
        #expect(SimpleSpanHandler().capacity == 10_000)
    }

    @Test("spans evicted from a full record leave copies anyone still holds unchanged")
    func evictedSpansAreReusedSafely() throws {
        let dispatcher = TestHierarchy().dispatcher("recycling")
        let handler = SimpleSpanHandler(capacity: 3)
        dispatcher.addSpanHandler(handler)
        for index in 0..<3 {
            dispatcher.span("first\(index)") {}
        }
        let held = handler.completedSpans
        #expect(held.map(\.name) == ["first0", "first1", "first2"])
        // Eviction makes these spans' storage free for reuse while `held` still holds it: the
        // handler must allocate anew, not refill what `held` sees.
        for index in 0..<50 {
            try? dispatcher.span("later\(index)") { () throws -> Void in
                if index % 7 == 0 { throw URLError(.timedOut) }
            }
        }
        #expect(held.map(\.name) == ["first0", "first1", "first2"])
        #expect(held.allSatisfy { $0.endTime != nil && $0.metadata == nil })
        let kept = handler.completedSpans + handler.droppedSpans
        #expect(Set(kept.map(\.name)) == ["later47", "later48", "later49"])
        #expect(handler.droppedSpans.map(\.name) == ["later49"])
        // A refilled span starts from nothing: no end time or error of the span it replaced.
        for index in 0..<5 {
            dispatcher.span("fresh\(index)") {
                #expect(dispatcher.statistics.openSpanCount == 1)
                dispatcher.span("inner\(index)") {
                    #expect(dispatcher.statistics.openSpanCount == 2)
                }
            }
        }
        #expect(dispatcher.statistics.openSpanCount == 0)
        #expect(handler.completedSpans.allSatisfy { $0.endTime != nil && $0.metadata == nil })
        #expect(handler.completedSpans.map(\.name) == ["fresh3", "inner4", "fresh4"])
        #expect(handler.evictedSpanCount == 60)
    }

    @Test("a full record releases each span it evicts at once")
    func fullRecordReleasesEvictedSpans() {
        let released = LockedValue(0)
        var record = FinishedSpanRecord<ReleaseTrackingSpan>(capacity: 2)
        for index in 0..<6 {
            record.record(ReleaseTrackingSpan(id: "span-\(index)", released: released), dropped: false)
        }
        #expect(released.withLock { $0 } == 4)
        #expect(record.spans(dropped: false).map(\.id) == ["span-4", "span-5"])
        #expect(record.evictedCount == 4)
    }
}

/// A span that counts its releases, to see when a store lets go of it.
private struct ReleaseTrackingSpan: InstrumentationSpan {
    final class Tracker: Sendable {
        let released: LockedValue<Int>
        init(released: LockedValue<Int>) { self.released = released }
        deinit { released.withLock { $0 += 1 } }
    }

    var id: String
    var parentID: String? { nil }
    var tags: [String: JSONValue] { [:] }
    let tracker: Tracker

    init(id: String, released: LockedValue<Int>) {
        self.id = id
        self.tracker = Tracker(released: released)
    }
}

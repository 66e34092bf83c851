import Foundation
import Synchronization
import Testing

@testable import LLMInstrumentation

/// A span handler that counts its hooks and notices any hook that runs after its `close()` or
/// while `close()` runs, as a file exporter would lose such a record.
final class CloseWatchingSpanHandler: SpanHandler {
    let isClosed = Atomic<Bool>(false)
    let hooksUnderWay = Atomic<Int>(0)
    /// Hooks that began after `close()`, or were under way while it ran.
    let lateHooks = Atomic<Int>(0)
    let entered = Atomic<Int>(0)
    let ended = Atomic<Int>(0)
    let eventsDelivered = Atomic<Int>(0)
    let closes = Atomic<Int>(0)

    /// Runs one hook, noting whether it came too late.
    func hook(_ count: borrowing Atomic<Int>) {
        hooksUnderWay.add(1, ordering: .sequentiallyConsistent)
        if isClosed.load(ordering: .sequentiallyConsistent) { lateHooks.add(1, ordering: .relaxed) }
        count.add(1, ordering: .relaxed)
        hooksUnderWay.subtract(1, ordering: .sequentiallyConsistent)
    }

    func newSpan(_ entry: SpanEntry) -> SimpleSpan? {
        hook(entered)
        return SimpleSpan(id: entry.id, parentID: entry.parentID)
    }

    func prepareToExitSpan(_ span: SimpleSpan, exit: SpanExit) { hook(ended) }

    func prepareToDropSpan(_ span: SimpleSpan, drop: SpanDrop) { hook(ended) }

    func close() {
        isClosed.store(true, ordering: .sequentiallyConsistent)
        if hooksUnderWay.load(ordering: .sequentiallyConsistent) != 0 { lateHooks.add(1, ordering: .relaxed) }
        closes.add(1, ordering: .relaxed)
    }
}

/// The event side of ``CloseWatchingSpanHandler``, sharing its closed state as an exporter's two
/// handlers share one file.
struct CloseWatchingEventHandler: EventHandler {
    let spans: CloseWatchingSpanHandler

    func handle(_ event: some Event) {
        spans.hook(spans.eventsDelivered)
    }
}

/// What the emitting threads of one round did.
final class EmissionCounts: Sendable {
    let events = Atomic<Int>(0)
    let spans = Atomic<Int>(0)
    let stop = Atomic<Bool>(false)
    let finished = Atomic<Int>(0)
}

@Suite("Shutdown while other threads emit")
struct ShutdownUnderLoadTests {
    @Test("no hook runs after close(), and every event and span is delivered or refused and counted")
    func shutdownUnderLoad() {
        for round in 0..<20 {
            let hierarchy = TestHierarchy()
            let dispatcher = hierarchy.dispatcher("load.\(round)")
            let watcher = CloseWatchingSpanHandler()
            dispatcher.addSpanHandler(watcher)
            dispatcher.addEventHandler(CloseWatchingEventHandler(spans: watcher))
            let counts = EmissionCounts()
            let threads = 4
            for thread in 0..<threads {
                Thread.detachNewThread {
                    var emitted = 0
                    while !counts.stop.load(ordering: .relaxed) || emitted < 400 {
                        counts.events.add(1, ordering: .relaxed)
                        dispatcher.event(DocumentIndexedEvent(documentID: "t\(thread)", chunkCount: emitted))
                        counts.spans.add(1, ordering: .relaxed)
                        dispatcher.span("work") {
                            counts.events.add(1, ordering: .relaxed)
                            dispatcher.event(DocumentIndexedEvent(documentID: "inner", chunkCount: emitted))
                        }
                        emitted += 1
                    }
                    counts.finished.add(1, ordering: .releasing)
                }
            }
            // Shut down while the threads are emitting: once some events have been delivered.
            while watcher.eventsDelivered.load(ordering: .relaxed) < 200 { sched_yield() }
            dispatcher.shutdown()
            counts.stop.store(true, ordering: .relaxed)
            while counts.finished.load(ordering: .acquiring) < threads { sched_yield() }

            #expect(watcher.closes.load(ordering: .relaxed) == 1)
            #expect(watcher.lateHooks.load(ordering: .relaxed) == 0, "round \(round): hooks after or during close()")
            let delivered = watcher.eventsDelivered.load(ordering: .relaxed) + watcher.entered.load(ordering: .relaxed)
            let emitted = counts.events.load(ordering: .relaxed) + counts.spans.load(ordering: .relaxed)
            #expect(
                delivered + dispatcher.statistics.refusedAfterShutdownCount == emitted,
                "round \(round): each event and span is delivered or refused and counted"
            )
            #expect(watcher.ended.load(ordering: .relaxed) == watcher.entered.load(ordering: .relaxed))
        }
    }

    @Test("a JSON-lines exporter shut down under load has every record it accepted in its file")
    func exporterShutdownUnderLoad() throws {
        for round in 0..<5 {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("shutdown-load-\(UUID()).jsonl")
            defer { try? FileManager.default.removeItem(at: url) }
            let hierarchy = TestHierarchy()
            let dispatcher = hierarchy.dispatcher("export.\(round)")
            let exporter = try JSONLinesExporter(url: url)
            exporter.install(on: dispatcher)
            let counts = EmissionCounts()
            let threads = 4
            for thread in 0..<threads {
                Thread.detachNewThread {
                    var emitted = 0
                    while !counts.stop.load(ordering: .relaxed) || emitted < 200 {
                        counts.events.add(1, ordering: .relaxed)
                        dispatcher.event(DocumentIndexedEvent(documentID: "t\(thread)", chunkCount: emitted))
                        emitted += 1
                    }
                    counts.finished.add(1, ordering: .releasing)
                }
            }
            while counts.events.load(ordering: .relaxed) < 400 { sched_yield() }
            dispatcher.shutdown()
            counts.stop.store(true, ordering: .relaxed)
            while counts.finished.load(ordering: .acquiring) < threads { sched_yield() }

            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").count
            let counted = exporter.droppedRecordCount + dispatcher.statistics.refusedAfterShutdownCount
            #expect(
                lines + counted == counts.events.load(ordering: .relaxed),
                "round \(round): every event is in the file, or dropped or refused and counted"
            )
        }
    }

    @Test("after shutdown, asyncEvent and the manual span API are refused and counted like event")
    func manualAndAsynchronousCallsAreRefused() async {
        let hierarchy = TestHierarchy()
        let (dispatcher, spans, events) = hierarchy.observed("refusing")
        dispatcher.shutdown()
        dispatcher.event(DocumentIndexedEvent(documentID: "a", chunkCount: 1))
        #expect(dispatcher.statistics.refusedAfterShutdownCount == 1)
        await dispatcher.asyncEvent(DocumentIndexedEvent(documentID: "b", chunkCount: 2))
        #expect(dispatcher.statistics.refusedAfterShutdownCount == 2)
        dispatcher.spanEnter(id: "manual-1")
        dispatcher.spanExit(id: "manual-1")
        dispatcher.spanDrop(id: "manual-2", error: TestError(message: "late"))
        #expect(dispatcher.statistics.refusedAfterShutdownCount == 5)
        #expect(events.events.isEmpty)
        #expect(spans.finishedSpans.isEmpty)
    }

    @Test("a sibling's events stop reaching an ancestor's handlers that a shutdown closed, and are counted")
    func siblingsStopDeliveringToClosedHandlers() {
        let hierarchy = TestHierarchy()
        let parent = hierarchy.dispatcher("app")
        let watcher = CloseWatchingSpanHandler()
        parent.addSpanHandler(watcher)
        parent.addEventHandler(CloseWatchingEventHandler(spans: watcher))
        let closing = hierarchy.dispatcher("app.closing")
        let sibling = hierarchy.dispatcher("app.sibling")
        closing.shutdown()
        sibling.event(DocumentIndexedEvent(documentID: "after", chunkCount: 1))
        sibling.span("after") {}
        #expect(watcher.closes.load(ordering: .relaxed) == 1)
        #expect(watcher.lateHooks.load(ordering: .relaxed) == 0)
        #expect(watcher.eventsDelivered.load(ordering: .relaxed) == 0)
        #expect(sibling.statistics.refusedAfterShutdownCount == 2)
    }
}

import Foundation
import LLMInstrumentationReading
import Logging
import Synchronization
import Testing

@testable import LLMInstrumentation

/// An event handler that emits an event on the same dispatcher from inside `handle`, every time.
private final class EchoingEventHandler: EventHandler {
    let dispatcher: Dispatcher
    let handled = Atomic<Int>(0)

    init(dispatcher: Dispatcher) {
        self.dispatcher = dispatcher
    }

    func handle(_ event: some Event) {
        handled.add(1, ordering: .relaxed)
        dispatcher.event(DocumentIndexedEvent(documentID: "echo", chunkCount: 1))
    }
}

/// A span handler that opens a span of its own dispatcher whenever it makes one.
private final class SpanOpeningSpanHandler: SpanHandler {
    let dispatcher: Dispatcher

    init(dispatcher: Dispatcher) {
        self.dispatcher = dispatcher
    }

    func newSpan(_ entry: SpanEntry) -> SimpleSpan? {
        _ = dispatcher.span("inner") { 1 }
        return SimpleSpan(id: entry.id, parentID: entry.parentID)
    }

    func prepareToExitSpan(_ span: SimpleSpan, exit: SpanExit) {}
    func prepareToDropSpan(_ span: SimpleSpan, drop: SpanDrop) {}
}

/// An event handler that takes 100 ms for each event on `asyncEvent`.
private struct SlowAsyncHandler: EventHandler {
    func handle(_ event: some Event) {}

    func asyncHandle(_ event: some Event) async throws {
        try? await Task.sleep(for: .milliseconds(100))
    }
}

/// An event handler that shuts its dispatcher down when it sees its first event.
private final class ShuttingDownHandler: EventHandler {
    let dispatcher: Dispatcher
    init(dispatcher: Dispatcher) { self.dispatcher = dispatcher }
    func handle(_ event: some Event) { dispatcher.shutdown() }
}

@Suite("Handler faults never reach the instrumented code")
struct HandlerFaultTests {
    @Test("a handler that emits from its own handle is cut off at the nesting limit, counted and reported once")
    func reentrantEvents() throws {
        let hierarchy = TestHierarchy()
        let (dispatcher, _, events) = hierarchy.observed("faults.echo")
        let echo = EchoingEventHandler(dispatcher: dispatcher)
        dispatcher.addEventHandler(echo)

        let result = dispatcher.span("work") { () -> Int in
            dispatcher.event(DocumentIndexedEvent(documentID: "original", chunkCount: 1))
            return 42
        }
        #expect(result == 42)
        // The original event and one echo per nesting level below the limit.
        #expect(events.events(of: DocumentIndexedEvent.self).count == Dispatcher.maximumNestedHandlerCalls)
        #expect(echo.handled.load(ordering: .relaxed) == Dispatcher.maximumNestedHandlerCalls)
        #expect(dispatcher.statistics.refusedReentrantCount == 1)

        dispatcher.event(DocumentIndexedEvent(documentID: "again", chunkCount: 1))
        #expect(dispatcher.statistics.refusedReentrantCount == 2)
        let warnings = hierarchy.logs.entries.filter { $0.message.description.contains("nested too deep") }
        #expect(warnings.count == 1, "reported once, counted every time")
    }

    @Test("a span handler that opens spans from its own hooks is cut off too, and leaves no span open")
    func reentrantSpans() throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("faults.spans")
        let handler = SpanOpeningSpanHandler(dispatcher: dispatcher)
        dispatcher.addSpanHandler(handler)
        let recording = RecordingSpanHandler()
        dispatcher.addSpanHandler(recording)

        #expect(dispatcher.span("outer") { "result" } == "result")
        #expect(dispatcher.statistics.openSpanCount == 0)
        #expect(dispatcher.statistics.refusedReentrantCount >= 1)
        #expect(recording.completedSpans.contains { $0.id.hasPrefix("outer-") })
    }

    @Test("a slow handler on asyncEvent delays nobody else's view: every handler sees every event")
    func slowAsyncHandler() async throws {
        let (dispatcher, _, events) = TestHierarchy().observed("faults.slow")
        dispatcher.addEventHandler(SlowAsyncHandler())
        dispatcher.addEventHandler(ThrowingEventHandler())
        for index in 0..<3 {
            await dispatcher.asyncEvent(DocumentIndexedEvent(documentID: "doc-\(index)", chunkCount: 1))
        }
        #expect(events.events(of: DocumentIndexedEvent.self).map(\.documentID) == ["doc-0", "doc-1", "doc-2"])
        let failures = dispatcher.statistics.handlerFailures.first { $0.handlerName == "ThrowingEventHandler" }?
            .failures
        #expect(failures == 3)
    }

    @Test("a handler may shut its dispatcher down from inside handle: no deadlock, later records refused and counted")
    func shutdownFromHandler() throws {
        let hierarchy = TestHierarchy()
        let (dispatcher, spans, events) = hierarchy.observed("faults.shutdown")
        dispatcher.addEventHandler(ShuttingDownHandler(dispatcher: dispatcher))

        let result = dispatcher.span("work") { () -> String in
            dispatcher.event(DocumentIndexedEvent(documentID: "last", chunkCount: 1))
            dispatcher.event(DocumentIndexedEvent(documentID: "refused", chunkCount: 1))
            return "done"
        }
        #expect(result == "done")
        #expect(dispatcher.statistics.hasShutDown)
        #expect(events.events(of: DocumentIndexedEvent.self).map(\.documentID) == ["last"])
        // The open span was dropped by the shutdown; the second event and the span's own exit
        // found no handler.
        #expect(spans.droppedSpans.map(\.error) == ["dispatcher shutdown"])
        #expect(dispatcher.statistics.openSpanCount == 0)
        #expect(dispatcher.statistics.refusedAfterShutdownCount == 1)

        #expect(dispatcher.span("after") { 7 } == 7)
        dispatcher.event(DocumentIndexedEvent(documentID: "after", chunkCount: 1))
        #expect(dispatcher.statistics.refusedAfterShutdownCount == 3)
    }

    @Test("after shutdown, descendants that reach handlers only through the dispatcher refuse too; others do not")
    func shutdownCutsDescendants() throws {
        let hierarchy = TestHierarchy()
        let (parent, _, parentEvents) = hierarchy.observed("service")
        let child = hierarchy.dispatcher("service.api")
        let (own, _, ownEvents) = hierarchy.observed("service.jobs")
        parent.shutdown()
        child.event(DocumentIndexedEvent(documentID: "child", chunkCount: 1))
        own.event(DocumentIndexedEvent(documentID: "own", chunkCount: 1))
        #expect(parentEvents.events.isEmpty)
        #expect(child.statistics.refusedAfterShutdownCount == 1)
        #expect(
            ownEvents.events(of: DocumentIndexedEvent.self).map(\.documentID) == ["own"],
            "its own handlers still listen"
        )
        #expect(own.statistics.refusedAfterShutdownCount == 0)
    }

    @Test("everything accepted before shutdown is in the exported file after it")
    func shutdownFlushesExport() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("trace.jsonl")
        let dispatcher = TestHierarchy().dispatcher("faults.export")
        let exporter = try JSONLinesExporter(url: url, flushInterval: .seconds(3600))
        exporter.install(on: dispatcher)
        for index in 0..<2_000 {
            _ = dispatcher.span("step") { () -> Int in
                dispatcher.event(DocumentIndexedEvent(documentID: "doc-\(index)", chunkCount: 1))
                return index
            }
        }
        dispatcher.spanEnter(id: "left-open-1")
        dispatcher.shutdown()
        let contents = try JSONLinesReader.read(contentsOf: url)
        #expect(contents.problems.isEmpty)
        #expect(contents.events.count == 2_000)
        #expect(contents.spans.count == 2_001)
        #expect(contents.spans.filter { $0.status == "dropped" }.map(\.id) == ["left-open-1"])
        #expect(exporter.droppedRecordCount == 0)
    }
}

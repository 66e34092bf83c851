import Foundation
import Logging
import Synchronization
import Testing

@testable import LLMInstrumentation

@Suite("Dispatcher hierarchy and delivery")
struct DispatcherTests {
    @Test("the registry returns the same dispatcher for a name")
    func sameObjectForName() {
        let hierarchy = TestHierarchy()
        let first = hierarchy.dispatcher("app.rag")
        let second = hierarchy.dispatcher("app.rag")
        #expect(first === second)
        #expect(hierarchy.registry.dispatcher(named: "root") === hierarchy.registry.root)
        #expect(Dispatcher.named("LLMInstrumentationTests.same") === Dispatcher.named("LLMInstrumentationTests.same"))
        #expect(Dispatcher.root.name == "root")
    }

    @Test("the root has null handlers, does not propagate and has no parent")
    func rootDispatcher() {
        let hierarchy = TestHierarchy()
        let root = hierarchy.registry.root
        #expect(root.name == "root")
        #expect(root.parent == nil)
        #expect(root.propagate == false)
        #expect(root.eventHandlerNames == ["NullEventHandler"])
        #expect(root.spanHandlerNames == ["NullSpanHandler"])
        #expect(root.currentChain.eventHandlers.isEmpty, "null handlers are left out of the chain")
        #expect(root.tracksSpans == false)
    }

    @Test("a dispatcher's parent is the nearest existing ancestor, re-parented when an ancestor appears")
    func reparenting() {
        let hierarchy = TestHierarchy()
        let deep = hierarchy.dispatcher("a.b.c")
        #expect(deep.parent === hierarchy.registry.root)

        let top = hierarchy.dispatcher("a")
        #expect(deep.parent === top)
        #expect(top.parent === hierarchy.registry.root)

        let middle = hierarchy.dispatcher("a.b")
        #expect(deep.parent === middle)
        #expect(middle.parent === top)

        let sibling = hierarchy.dispatcher("a.bx")
        #expect(sibling.parent === top, "a name prefix is not an ancestor")
        #expect(hierarchy.registry.dispatcherNames == ["a", "a.b", "a.b.c", "a.bx", "root"])
    }

    @Test("events walk up the hierarchy and stop after a dispatcher that does not propagate")
    func propagation() {
        let hierarchy = TestHierarchy()
        let root = hierarchy.registry.root
        let project = hierarchy.dispatcher("project")
        let llama1 = hierarchy.dispatcher("project.llama1")
        let llama2 = hierarchy.dispatcher("project.llama2")
        let rootEvents = RecordingEventHandler()
        let projectEvents = RecordingEventHandler()
        let llama1Events = RecordingEventHandler()
        let llama2Events = RecordingEventHandler()
        root.addEventHandler(rootEvents)
        project.addEventHandler(projectEvents)
        llama1.addEventHandler(llama1Events)
        llama2.addEventHandler(llama2Events)

        llama1.event(DocumentIndexedEvent(documentID: "one", chunkCount: 1))
        llama2.event(DocumentIndexedEvent(documentID: "two", chunkCount: 2))
        #expect(llama1Events.events.count == 1)
        #expect(llama2Events.events.count == 1)
        #expect(projectEvents.events.count == 2)
        #expect(rootEvents.events.count == 2)

        project.propagate = false
        llama1.event(DocumentIndexedEvent(documentID: "three", chunkCount: 3))
        #expect(projectEvents.events.count == 3)
        #expect(rootEvents.events.count == 2, "project no longer propagates to the root")

        llama1.propagate = false
        llama1.event(DocumentIndexedEvent(documentID: "four", chunkCount: 4))
        #expect(llama1Events.events.count == 3)
        #expect(projectEvents.events.count == 3)
    }

    @Test("span handlers up the hierarchy receive the spans")
    func spanPropagation() {
        let hierarchy = TestHierarchy()
        let parentSpans = RecordingSpanHandler()
        hierarchy.dispatcher("svc").addSpanHandler(parentSpans)
        hierarchy.dispatcher("svc.worker").span("job") {}
        #expect(parentSpans.completedSpans.count == 1)
    }

    @Test("an event is not built when nobody listens")
    func eventNotBuilt() {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("quiet")
        var built = 0
        func make() -> DocumentIndexedEvent {
            built += 1
            return DocumentIndexedEvent(documentID: "x", chunkCount: 0)
        }
        dispatcher.event(make())
        #expect(built == 0)
        let events = RecordingEventHandler()
        let id = dispatcher.addEventHandler(events)
        dispatcher.event(make())
        #expect(built == 1)
        dispatcher.removeHandler(id)
        dispatcher.event(make())
        #expect(built == 1)
        #expect(events.events.count == 1)
    }

    @Test("a failing handler is counted, reported once, and does not stop the others")
    func failingHandlers() throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("faulty")
        let before = RecordingEventHandler()
        let after = RecordingEventHandler()
        let spans = RecordingSpanHandler()
        let beforeID = dispatcher.addEventHandler(before)
        let throwingEventsID = dispatcher.addEventHandler(ThrowingEventHandler())
        dispatcher.addEventHandler(after)
        let throwingSpansID = dispatcher.addSpanHandler(ThrowingSpanHandler())
        dispatcher.addSpanHandler(spans)

        let result = dispatcher.span("work") { () -> Int in
            dispatcher.event(DocumentIndexedEvent(documentID: "a", chunkCount: 1))
            dispatcher.event(DocumentIndexedEvent(documentID: "b", chunkCount: 2))
            return 42
        }
        #expect(result == 42)
        #expect(before.events.count == 2)
        #expect(after.events.count == 2)
        #expect(spans.completedSpans.count == 1)

        let failures = Dictionary(
            uniqueKeysWithValues: dispatcher.statistics.handlerFailures.map { ($0.handlerID, $0.failures) }
        )
        #expect(failures[throwingEventsID] == 2)
        #expect(failures[throwingSpansID] == 1, "exit is not called for a span the handler never opened")
        #expect(failures[beforeID] == 0)

        let reports = hierarchy.logs.entries.filter { $0.level == .error }
        #expect(reports.count == 2, "one report per failing handler within the interval")
        let eventReport = try #require(reports.first { $0.metadata["handler"] == "ThrowingEventHandler" })
        #expect(eventReport.metadata["dispatcher"] == "faulty")
        #expect(eventReport.metadata["error"] == "handler is broken")
        #expect(eventReport.metadata["operation"] == "event")
    }

    @Test("a failing handler is reported again once the report interval has passed")
    func reportInterval() async throws {
        let logs = TestHierarchy().logs
        let registry = DispatcherRegistry(
            diagnosticLogger: Logger(label: "llm-instrumentation") { _ in logs },
            failureReportInterval: .zero
        )
        let dispatcher = registry.dispatcher(named: "every-time")
        dispatcher.addEventHandler(ThrowingEventHandler())
        for index in 0..<3 {
            dispatcher.event(DocumentIndexedEvent(documentID: "\(index)", chunkCount: index))
        }
        #expect(logs.entries.count == 3)
        #expect(logs.entries.last?.metadata["failures"]?.description == "3")
    }

    @Test("asyncEvent runs every handler concurrently and waits for all of them")
    func asyncEvents() async throws {
        final class GateHandler: EventHandler {
            let arrivals = Atomic<Int>(0)
            let peers: Int
            init(peers: Int) { self.peers = peers }
            func handle(_ event: some Event) {}
            func asyncHandle(_ event: some Event) async throws {
                arrivals.add(1, ordering: .relaxed)
                // Each handler waits until all have started: this only finishes if they run concurrently.
                while arrivals.load(ordering: .relaxed) < peers {
                    await Task.yield()
                }
            }
        }
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("async")
        let gate = GateHandler(peers: 3)
        let events = RecordingEventHandler()
        dispatcher.addEventHandler(gate)
        dispatcher.addEventHandler(gate)
        dispatcher.addEventHandler(gate)
        dispatcher.addEventHandler(events)
        dispatcher.addEventHandler(ThrowingEventHandler())

        await dispatcher.span("request") {
            await dispatcher.asyncEvent(DocumentIndexedEvent(documentID: "async", chunkCount: 1))
        }
        #expect(gate.arrivals.load(ordering: .relaxed) == 3)
        #expect(events.events.count == 1)
        #expect(events.events.first?.spanID?.hasPrefix("request-") == true)
        #expect(dispatcher.statistics.handlerFailures.first { $0.handlerName == "ThrowingEventHandler" }?.failures == 1)
    }

    @Test("shutdown drops open spans, closes handlers, and is idempotent")
    func shutdown() throws {
        let hierarchy = TestHierarchy()
        let parent = hierarchy.dispatcher("service")
        let dispatcher = hierarchy.dispatcher("service.api")
        let parentSpans = RecordingSpanHandler()
        let spans = SimpleSpanHandler()
        parent.addSpanHandler(parentSpans)
        dispatcher.addSpanHandler(spans)
        dispatcher.addSpanHandler(ThrowingSpanHandler())

        dispatcher.spanEnter(id: "request-1")
        dispatcher.spanEnter(id: "request-2", parentID: "request-1")
        dispatcher.spanEnter(id: "done-3")
        dispatcher.spanExit(id: "done-3")
        #expect(dispatcher.statistics.openSpanCount == 4, "two open in each of the two recording handlers")

        dispatcher.shutdown()
        #expect(dispatcher.statistics.openSpanCount == 0)
        #expect(Set(spans.droppedSpans.map(\.id)) == ["request-1", "request-2"])
        #expect(spans.droppedSpans.allSatisfy { $0.metadata?["error"] == "dispatcher shutdown" })
        #expect(spans.completedSpans.map(\.id) == ["done-3"])
        #expect(parentSpans.closes == 1, "shutdown walks the parent chain")
        #expect(Set(parentSpans.droppedSpans.map(\.error)) == ["dispatcher shutdown"])

        dispatcher.shutdown()
        #expect(parentSpans.closes == 1)
        #expect(spans.droppedSpans.count == 2)
        let failures = dispatcher.statistics.handlerFailures.first { $0.handlerName == "ThrowingSpanHandler" }?.failures
        #expect(failures == 4, "three failed entries and one failed close, counted, never thrown")
    }

    @Test("handlers can be added and removed while other tasks emit")
    func concurrentReconfiguration() async {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("busy.child")
        let steady = RecordingEventHandler()
        dispatcher.addEventHandler(steady)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for index in 0..<250 {
                        dispatcher.span("emit") {
                            dispatcher.event(DocumentIndexedEvent(documentID: "\(worker)-\(index)", chunkCount: index))
                        }
                    }
                }
            }
            group.addTask {
                for index in 0..<50 {
                    let id = dispatcher.addEventHandler(RecordingEventHandler())
                    _ = hierarchy.dispatcher("busy.n\(index)")
                    if index == 25 { _ = hierarchy.dispatcher("busy") }
                    dispatcher.removeHandler(id)
                }
            }
        }
        #expect(steady.events.count == 1000)
        #expect(dispatcher.parent?.name == "busy")
    }
}

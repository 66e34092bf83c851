import Synchronization
import Testing

@testable import LLMInstrumentation

/// A span whose id counts its reads: the work a handler's open spans cost per entry shows in it.
struct IDCountingSpan: InstrumentationSpan {
    static let idReads = Atomic<Int>(0)
    let storedID: String
    var parentID: String?
    var tags: [String: JSONValue] = [:]

    var id: String {
        Self.idReads.add(1, ordering: .relaxed)
        return storedID
    }
}

/// A span handler of ``IDCountingSpan``s.
struct IDCountingSpanHandler: SpanHandler {
    func newSpan(_ entry: SpanEntry) -> IDCountingSpan? {
        IDCountingSpan(storedID: entry.id, parentID: entry.parentID)
    }

    func prepareToExitSpan(_ span: IDCountingSpan, exit: SpanExit) {}

    func prepareToDropSpan(_ span: IDCountingSpan, drop: SpanDrop) {}
}

@Suite("Costs that do not grow with what exists", .serialized)
struct ScalingTests {
    /// The spans' ids read while entering and exiting one more span by hand, and one more stream
    /// span, with `open` spans open.
    func idReadsForOneMoreSpan(withOpen open: Int) -> Int {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("scale.open")
        dispatcher.addSpanHandler(IDCountingSpanHandler())
        var streams: [SpannedStream<AsyncStream<Int>>] = []
        for index in 0..<open {
            dispatcher.spanEnter(id: "open-\(index)")
            streams.append(dispatcher.span(streaming: AsyncStream<Int> { $0.finish() }, "streamChat"))
        }
        let before = IDCountingSpan.idReads.load(ordering: .relaxed)
        dispatcher.spanEnter(id: "one-more")
        dispatcher.spanExit(id: "one-more")
        streams.append(dispatcher.span(streaming: AsyncStream<Int> { $0.finish() }, "streamChat"))
        let reads = IDCountingSpan.idReads.load(ordering: .relaxed) - before
        withExtendedLifetime(streams) {}
        return reads
    }

    @Test("entering and exiting a manual or stream span reads no other open span")
    func entryCostDoesNotDependOnOpenSpans() {
        let few = idReadsForOneMoreSpan(withOpen: 10)
        let many = idReadsForOneMoreSpan(withOpen: 2_000)
        #expect(few == many)
        #expect(many <= 2)
    }

    @Test("making a dispatcher rebuilds no other dispatcher's chain, however many exist")
    func makingADispatcherLeavesTheOthersAlone() {
        let hierarchy = TestHierarchy()
        hierarchy.registry.root.addSpanHandler(SimpleSpanHandler())
        let existing = (0..<1_000).map { hierarchy.dispatcher("Library\($0 % 10).Module\($0)") }
        let chains = existing.map { ObjectIdentifier($0.currentChain) }
        _ = hierarchy.dispatcher("Unrelated.Module")
        _ = hierarchy.dispatcher("Library3.Module3.component")
        #expect(existing.map { ObjectIdentifier($0.currentChain) } == chains)
    }

    @Test("adding a handler rebuilds the chains of that dispatcher and its descendants only")
    func reconfiguringTouchesOnlyTheSubtree() {
        let hierarchy = TestHierarchy()
        let others = (0..<500).map { hierarchy.dispatcher("Other\($0)") }
        let library = hierarchy.dispatcher("Library")
        let module = hierarchy.dispatcher("Library.Module.component")
        let chains = others.map { ObjectIdentifier($0.currentChain) }
        let events = RecordingEventHandler()
        library.addEventHandler(events)
        #expect(others.map { ObjectIdentifier($0.currentChain) } == chains)
        module.event(DocumentIndexedEvent(documentID: "d", chunkCount: 1))
        #expect(events.events.count == 1)
    }

    @Test("a dispatcher made between existing ones becomes their parent, and the hierarchy delivers as before")
    func intermediateDispatchersReparent() {
        let hierarchy = TestHierarchy()
        let deep = hierarchy.dispatcher("a.b.c.d")
        let sibling = hierarchy.dispatcher("a.x")
        let top = hierarchy.dispatcher("a")
        #expect(deep.parent === top)
        #expect(sibling.parent === top)
        let middle = hierarchy.dispatcher("a.b")
        #expect(deep.parent === middle)
        #expect(sibling.parent === top)
        #expect(middle.parent === top)
        #expect(top.parent === hierarchy.registry.root)
        let events = RecordingEventHandler()
        middle.addEventHandler(events)
        middle.propagate = false
        deep.event(DocumentIndexedEvent(documentID: "deep", chunkCount: 1))
        sibling.event(DocumentIndexedEvent(documentID: "sibling", chunkCount: 1))
        #expect(events.events(of: DocumentIndexedEvent.self).map(\.documentID) == ["deep"])
        #expect(hierarchy.registry.dispatcher(named: "a.b.c.d") === deep)
    }
}

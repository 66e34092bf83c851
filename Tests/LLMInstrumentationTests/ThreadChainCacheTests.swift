import Foundation
import Synchronization
import Testing

@testable import LLMInstrumentation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Each thread caches the handler chains it delivers events with (``ThreadChainCache``): these
/// check that a cached chain never outlives its use. The tests are synchronous, so each runs on
/// one thread from start to end.
@Suite("Per-thread chain cache")
struct ThreadChainCacheTests {
    @Test("a handler added on another thread gets this thread's next event")
    func changeOnAnotherThreadIsSeen() {
        let dispatcher = TestHierarchy().dispatcher("cache.change")
        let first = RecordingEventHandler()
        dispatcher.addEventHandler(first)
        dispatcher.event(DocumentIndexedEvent(documentID: "one", chunkCount: 1))
        let second = RecordingEventHandler()
        runOnThreadOfItsOwn { dispatcher.addEventHandler(second) }
        dispatcher.event(DocumentIndexedEvent(documentID: "two", chunkCount: 1))
        #expect(first.events.count == 2)
        #expect(second.events(of: DocumentIndexedEvent.self).map(\.documentID) == ["two"])
    }

    @Test("a removed handler is let go at this thread's next event, on any dispatcher")
    func removedHandlerIsReleased() throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("cache.release")
        // Another dispatcher whose cache entry is not the first one's, so that its event lets go
        // of the first one's chain only by emptying the whole cache.
        let candidates = (0..<32).map { hierarchy.dispatcher("cache.other\($0)") }
        let entry = ThreadChainCache.entryIndex(of: dispatcher.chainCell)
        let other = try #require(candidates.first { ThreadChainCache.entryIndex(of: $0.chainCell) != entry })
        let otherEvents = RecordingEventHandler()
        other.addEventHandler(otherEvents)
        let released = ReleaseCounter()
        do {
            let handler = ReleaseCountingHandler(released: released)
            let id = dispatcher.addEventHandler(handler)
            dispatcher.event(DocumentIndexedEvent(documentID: "cached", chunkCount: 1))
            #expect(handler.handled.load(ordering: .relaxed) == 1)
            dispatcher.removeHandler(id)
        }
        // The dispatcher's chain no longer holds the handler; this thread's cache still does.
        other.event(DocumentIndexedEvent(documentID: "any event", chunkCount: 1))
        #expect(released.count.load(ordering: .relaxed) == 1)
        #expect(otherEvents.events.count == 1)
    }

    @Test("a handler removed after its chain was cached gets no more events")
    func removedHandlerGetsNoMoreEvents() {
        let dispatcher = TestHierarchy().dispatcher("cache.removal")
        let handler = RecordingEventHandler()
        let id = dispatcher.addEventHandler(handler)
        dispatcher.addEventHandler(RecordingEventHandler())
        dispatcher.event(DocumentIndexedEvent(documentID: "cached", chunkCount: 1))
        dispatcher.removeHandler(id)
        dispatcher.event(DocumentIndexedEvent(documentID: "after removal", chunkCount: 1))
        #expect(handler.events(of: DocumentIndexedEvent.self).map(\.documentID) == ["cached"])
    }

    @Test("a thread that exits lets go of the chains it cached")
    func exitingThreadReleasesItsCache() {
        let dispatcher = TestHierarchy().dispatcher("cache.exit")
        let released = ReleaseCounter()
        do {
            let handler = ReleaseCountingHandler(released: released)
            let id = dispatcher.addEventHandler(handler)
            runOnThreadOfItsOwn { dispatcher.event(DocumentIndexedEvent(documentID: "from a thread", chunkCount: 1)) }
            #expect(handler.handled.load(ordering: .relaxed) == 1)
            dispatcher.removeHandler(id)
        }
        #expect(released.count.load(ordering: .relaxed) == 1)
    }

    @Test("dispatchers made and dropped one after another (their memory reused) each deliver to their own handlers")
    func reusedAddressesDoNotMixChains() {
        for round in 0..<200 {
            let dispatcher = TestHierarchy().dispatcher("cache.reuse")
            let handler = RecordingEventHandler()
            dispatcher.addEventHandler(handler)
            dispatcher.event(DocumentIndexedEvent(documentID: "round \(round)", chunkCount: 1))
            #expect(handler.events(of: DocumentIndexedEvent.self).map(\.documentID) == ["round \(round)"])
        }
    }

    @Test("more dispatchers in turn on one thread than the cache has entries: every event reaches its own handlers")
    func moreDispatchersThanEntries() {
        let hierarchy = TestHierarchy()
        let dispatchers = (0..<20).map { hierarchy.dispatcher("cache.many\($0)") }
        let handlers = dispatchers.map { dispatcher in
            let handler = RecordingEventHandler()
            dispatcher.addEventHandler(handler)
            return handler
        }
        for round in 0..<50 {
            for (index, dispatcher) in dispatchers.enumerated() {
                dispatcher.event(DocumentIndexedEvent(documentID: "\(index).\(round)", chunkCount: 1))
            }
        }
        for (index, handler) in handlers.enumerated() {
            #expect(handler.events(of: DocumentIndexedEvent.self).map(\.documentID) == (0..<50).map { "\(index).\($0)" })
        }
    }

    @Test("a handler that emits on another dispatcher from inside its own handling leaves the cache intact")
    func nestedDeliveryKeepsTheOuterChain() {
        let hierarchy = TestHierarchy()
        let inner = hierarchy.dispatcher("cache.inner")
        let innerEvents = RecordingEventHandler()
        inner.addEventHandler(innerEvents)
        let outer = hierarchy.dispatcher("cache.outer")
        let outerEvents = RecordingEventHandler()
        outer.addEventHandler(ForwardingHandler(to: inner))
        outer.addEventHandler(outerEvents)
        for index in 0..<100 {
            outer.event(DocumentIndexedEvent(documentID: "\(index)", chunkCount: 1))
        }
        #expect(outerEvents.events.count == 100)
        #expect(innerEvents.events.count == 100)
    }
}

/// Counts releases of the handlers that report to it.
private final class ReleaseCounter: Sendable {
    let count = Atomic<Int>(0)
}

/// Counts the events it handles, and reports its own release.
private final class ReleaseCountingHandler: EventHandler {
    let handled = Atomic<Int>(0)
    private let released: ReleaseCounter

    init(released: ReleaseCounter) {
        self.released = released
    }

    deinit {
        released.count.add(1, ordering: .relaxed)
    }

    func handle(_ event: some Event) {
        handled.add(1, ordering: .relaxed)
    }
}

/// Emits an event on another dispatcher for every event it handles.
private struct ForwardingHandler: EventHandler {
    let dispatcher: Dispatcher

    init(to dispatcher: Dispatcher) {
        self.dispatcher = dispatcher
    }

    func handle(_ event: some Event) {
        dispatcher.event(DocumentIndexedEvent(documentID: "forwarded", chunkCount: 1))
    }
}

/// Runs `body` on a new thread and returns once that thread has ended (its thread-local
/// destructors run).
private func runOnThreadOfItsOwn(_ body: @escaping @Sendable () -> Void) {
    final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    #if canImport(Darwin)
    var thread: pthread_t?
    #else
    var thread = pthread_t()
    #endif
    let work = Unmanaged.passRetained(Work(body)).toOpaque()
    let created = pthread_create(&thread, nil, { argument in
        Unmanaged<Work>.fromOpaque(argument!).takeRetainedValue().body()
        return nil
    }, work)
    precondition(created == 0, "pthread_create failed")
    #if canImport(Darwin)
    pthread_join(thread!, nil)
    #else
    pthread_join(thread, nil)
    #endif
}

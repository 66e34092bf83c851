import Synchronization
import Testing

@testable import LLMInstrumentation

/// An event handler whose asynchronous `handle` emits another event through `asyncEvent`, as a
/// handler reacting to its own events would, stopping itself only after 50.
final class SelfEmittingAsyncEventHandler: EventHandler {
    let dispatcher: Dispatcher
    let calls = Atomic<Int>(0)

    init(dispatcher: Dispatcher) {
        self.dispatcher = dispatcher
    }

    func handle(_ event: some Event) {}

    func asyncHandle(_ event: some Event) async {
        let call = calls.add(1, ordering: .relaxed).newValue
        guard call < 50 else { return }
        await dispatcher.asyncEvent(DocumentIndexedEvent(documentID: "again", chunkCount: call))
    }
}

@Suite("Re-entrancy that follows tasks")
struct AsynchronousReentrancyTests {
    @Test("a handler emitting through asyncEvent from its asynchronous handle is cut off at the nesting limit")
    func asynchronousRecursionIsLimited() async {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("async.recursion")
        let handler = SelfEmittingAsyncEventHandler(dispatcher: dispatcher)
        dispatcher.addEventHandler(handler)

        await dispatcher.asyncEvent(DocumentIndexedEvent(documentID: "first", chunkCount: 0))

        #expect(handler.calls.load(ordering: .relaxed) == Dispatcher.maximumNestedHandlerCalls)
        #expect(dispatcher.statistics.refusedReentrantCount == 1)
        // The limit is on nesting, not on deliveries: a second top-level event goes through again.
        await dispatcher.asyncEvent(DocumentIndexedEvent(documentID: "second", chunkCount: 0))
        #expect(handler.calls.load(ordering: .relaxed) == 2 * Dispatcher.maximumNestedHandlerCalls)
    }
}

import Foundation
import InMemoryLogging
import Logging
import Synchronization

@testable import LLMInstrumentation

/// An event handler that keeps every event it receives, in order.
final class RecordingEventHandler: EventHandler {
    private let recorded = LockedValue<[any Event]>([])

    func handle(_ event: some Event) {
        recorded.withLock { $0.append(event) }
    }

    var events: [any Event] { recorded.withLock { $0 } }

    func events<E: Event>(of type: E.Type) -> [E] {
        events.compactMap { $0 as? E }
    }
}

/// An event handler that throws on every event.
struct ThrowingEventHandler: EventHandler {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "handler is broken" }
    }

    func handle(_ event: some Event) throws {
        throw Failure()
    }
}

/// A span that keeps everything its handler was told, to check what reaches span handlers.
struct RecordedSpan: InstrumentationSpan {
    var id: String
    var parentID: String?
    var tags: [String: JSONValue]
    var arguments: [(name: String, value: String)]
    var instanceTypeName: String?
    var result: String?
    var error: String?
}

/// A custom span handler (the kind the seed shows users writing) that records entries, exits and
/// drops with their arguments, results and errors.
final class RecordingSpanHandler: SpanHandler {
    private let finished = LockedValue<(completed: [RecordedSpan], dropped: [RecordedSpan])>(([], []))
    private let closeCount = Atomic<Int>(0)

    var closes: Int { closeCount.load(ordering: .relaxed) }

    func newSpan(_ entry: SpanEntry) -> RecordedSpan? {
        RecordedSpan(
            id: entry.id,
            parentID: entry.parentID,
            tags: entry.tags,
            arguments: entry.boundArguments.arguments.map { ($0.name, String(describing: $0.value)) },
            instanceTypeName: entry.instanceTypeName
        )
    }

    func prepareToExitSpan(_ span: RecordedSpan, exit: SpanExit) {
        var span = span
        span.result = exit.result.map { String(describing: $0) }
        finished.withLock { $0.completed.append(span) }
    }

    func prepareToDropSpan(_ span: RecordedSpan, drop: SpanDrop) {
        var span = span
        span.error = String(describing: drop.error)
        finished.withLock { $0.dropped.append(span) }
    }

    var completedSpans: [RecordedSpan] { finished.withLock { $0.completed } }
    var droppedSpans: [RecordedSpan] { finished.withLock { $0.dropped } }

    func close() {
        closeCount.add(1, ordering: .relaxed)
    }

    /// Every finished span, completed or dropped.
    var finishedSpans: [RecordedSpan] { completedSpans + droppedSpans }
}

/// A span handler whose every hook throws.
final class ThrowingSpanHandler: SpanHandler {
    struct Failure: Error {}
    func newSpan(_ entry: SpanEntry) throws -> SimpleSpan? { throw Failure() }
    func prepareToExitSpan(_ span: SimpleSpan, exit: SpanExit) throws { throw Failure() }
    func prepareToDropSpan(_ span: SimpleSpan, drop: SpanDrop) throws { throw Failure() }
    func capturePropagationContext() throws -> [String: JSONValue] { throw Failure() }
    func restorePropagationContext(_ context: [String: JSONValue]) throws { throw Failure() }
    func close() throws { throw Failure() }
}

/// A span handler that contributes to propagation contexts and remembers what it was restored
/// with, as a tracing bridge would with `traceparent`.
final class PropagatingSpanHandler: SpanHandler {
    let key: String
    let value: JSONValue
    private let restoredValues = LockedValue<[[String: JSONValue]]>([])

    init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }

    var restored: [[String: JSONValue]] { restoredValues.withLock { $0 } }

    func newSpan(_ entry: SpanEntry) -> SimpleSpan? { SimpleSpan(id: entry.id, parentID: entry.parentID) }
    func prepareToExitSpan(_ span: SimpleSpan, exit: SpanExit) {}
    func prepareToDropSpan(_ span: SimpleSpan, drop: SpanDrop) {}
    func capturePropagationContext() -> [String: JSONValue] { [key: value] }
    func restorePropagationContext(_ context: [String: JSONValue]) {
        restoredValues.withLock { $0.append(context) }
    }
}

/// A custom event as users write them: its fields and one line of metadata.
struct DocumentIndexedEvent: Event {
    var documentID: String
    var chunkCount: Int
    var metadata = EventMetadata()
}

/// A registry of its own with a logger that records into memory, so that each test is
/// independent of the others running in parallel.
struct TestHierarchy {
    let logs = InMemoryLogHandler()
    let registry: DispatcherRegistry

    init() {
        let logs = self.logs
        registry = DispatcherRegistry(diagnosticLogger: Logger(label: "llm-instrumentation") { _ in logs })
    }

    func dispatcher(_ name: String) -> Dispatcher {
        registry.dispatcher(named: name)
    }

    /// A dispatcher of this hierarchy with a recording span handler and a recording event handler.
    func observed(
        _ name: String
    ) -> (dispatcher: Dispatcher, spans: RecordingSpanHandler, events: RecordingEventHandler) {
        let dispatcher = self.dispatcher(name)
        let spans = RecordingSpanHandler()
        let events = RecordingEventHandler()
        dispatcher.addSpanHandler(spans)
        dispatcher.addEventHandler(events)
        return (dispatcher, spans, events)
    }
}

/// Runs `body` on a new `Thread` and returns its result.
/// - Parameter stackSize: the thread's stack size in bytes; by default the system's.
func onNewThread<Result: Sendable>(stackSize: Int? = nil, _ body: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
        let thread = Thread {
            continuation.resume(returning: body())
        }
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
    }
}

struct TestError: Error, CustomStringConvertible, Equatable {
    var message: String
    var description: String { message }
}

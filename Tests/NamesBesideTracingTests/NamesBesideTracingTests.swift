import Foundation
import LLMInstrumentation
import Testing
import Tracing

// This file imports both `LLMInstrumentation` and swift-distributed-tracing's `Tracing` and
// writes every name a user of the library writes without module qualification: it compiles only
// while none of them clashes with a name of `Tracing` (which defines `Span`,
// `InstrumentationContext` and `ServiceContext`).

/// A custom span type, as the seed's `MyCustomSpan`.
struct TimedSpan: InstrumentationSpan {
    var id: String
    var parentID: String?
    var tags: [String: JSONValue]
    var name: String
    var duration: Duration = .zero
}

/// A custom span handler, as the seed's `MyCustomSpanHandler`.
final class TimingSpanHandler: SpanHandler {
    private let finished = LockedSpans()

    func newSpan(_ entry: SpanEntry) -> TimedSpan? {
        TimedSpan(id: entry.id, parentID: entry.parentID, tags: entry.tags, name: entry.name)
    }

    func prepareToExitSpan(_ span: TimedSpan, exit: SpanExit) {
        var span = span
        span.duration = exit.timing.duration
        finished.append(span)
    }

    func prepareToDropSpan(_ span: TimedSpan, drop: SpanDrop) {
        finished.append(span)
    }

    var spans: [TimedSpan] { finished.all }
}

/// The finished spans of ``TimingSpanHandler``, behind a lock a user would write.
final class LockedSpans: @unchecked Sendable {
    private let lock = NSLock()
    private var spans: [TimedSpan] = []

    func append(_ span: TimedSpan) { lock.withLock { spans.append(span) } }
    var all: [TimedSpan] { lock.withLock { spans } }
}

/// A custom event and an event handler.
struct CacheHitEvent: Event {
    var key: String
    var metadata = EventMetadata()
}

final class CountingEventHandler: EventHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [String] = []

    func handle(_ event: some Event) {
        lock.withLock { seen.append(event.className) }
    }

    var classNames: [String] { lock.withLock { seen } }
}

@Suite("Names beside swift-distributed-tracing")
struct NamesBesideTracingTests {
    @Test("every user-facing name resolves unqualified in a file importing Tracing")
    func namesResolve() async {
        let registry = DispatcherRegistry()
        let dispatcher = registry.dispatcher(named: "names.beside.tracing")
        let spans = TimingSpanHandler()
        let events = CountingEventHandler()
        let simple = SimpleSpanHandler()
        dispatcher.addSpanHandler(spans)
        dispatcher.addSpanHandler(simple)
        dispatcher.addEventHandler(events)

        let handOff = withInstrumentTags(["request": "r-1"]) { () -> @Sendable () -> String? in
            dispatcher.span("answer", arguments: ["question": "why"]) {
                dispatcher.event(CacheHitEvent(key: "why"))
                #expect(ActiveSpanContext.activeTags["request"] == "r-1")
                let context: ActiveSpanContext = ActiveSpanContext.current
                return context.bind { ActiveSpanContext.activeSpanID }
            }
        }
        let handedOff = await Task.detached { handOff() }.value
        #expect(handedOff?.hasPrefix("answer-") == true)

        let propagation: PropagationContext = dispatcher.capturePropagationContext()
        #expect(propagation.values.isEmpty == false || ActiveSpanContext.activeSpanID == nil)

        #expect(spans.spans.map(\.name) == ["answer"])
        #expect(spans.spans.first?.tags["request"] == "r-1")
        let recorded: [SimpleSpan] = simple.completedSpans
        #expect(recorded.count == 1)
        #expect(events.classNames == ["CacheHitEvent"])
        let statistics: DispatcherStatistics = dispatcher.statistics
        #expect(statistics.openSpanCount == 0)

        // swift-distributed-tracing's own names still mean its types here.
        let tracer = NoOpTracer()
        let tracerSpan: any Span = tracer.startSpan("outside", context: .topLevel)
        tracerSpan.end()
        let serviceContext: ServiceContext = .topLevel
        #expect(serviceContext.isEmpty)
    }
}

import LLMInstrumentation
import LLMInstrumentationMacros
import Synchronization

// The workloads of ../shared/bench/python_anchor.py, the same names and meaning, shared by the
// plain anchor executable and the ordo-one benchmarks.

/// A small event with one `Int` field, like the anchor's `SmallEvent`.
public struct SmallEvent: Event {
    public var x: Int
    public var metadata = EventMetadata()

    public init(x: Int) {
        self.x = x
    }
}

/// An event handler that counts the events it receives.
public final class CountingHandler: EventHandler {
    public let count = Atomic<Int>(0)

    public init() {}

    public func handle(_ event: some Event) {
        count.add(1, ordering: .relaxed)
    }
}

/// Makes a dispatcher of its own registry that does not propagate, with the given handlers.
func benchDispatcher(
    _ name: String,
    eventHandlers: [any EventHandler] = [],
    spanHandlers: [any SpanHandler] = []
) -> Dispatcher {
    let dispatcher = DispatcherRegistry().dispatcher(named: name)
    dispatcher.propagate = false
    for handler in eventHandlers { dispatcher.addEventHandler(handler) }
    for handler in spanHandlers { dispatcher.addSpanHandler(handler) }
    return dispatcher
}

/// The anchor's dispatchers.
public enum Workloads {
    public static let bare = benchDispatcher("bench.bare")
    public static let counting = CountingHandler()
    public static let one = benchDispatcher("bench.one", eventHandlers: [counting])
    public static let nullSpans = benchDispatcher("bench.nullspans", spanHandlers: [NullSpanHandler()])
    public static let simpleSpans = SimpleSpanHandler()
    public static let spans = benchDispatcher("bench.spans", spanHandlers: [simpleSpans])
    public static let pipelineSpans = SimpleSpanHandler()
    public static let pipelineEvents = CountingHandler()
    public static let pipe = benchDispatcher(
        "bench.pipeline",
        eventHandlers: [pipelineEvents],
        spanHandlers: [pipelineSpans]
    )

    /// `event_no_handler`: one small event on a dispatcher with no handlers, event built included.
    /// The dispatcher is passed in, as the anchor's lambda captures a local.
    @inline(never)
    public static func eventNoHandler(_ dispatcher: Dispatcher = bare) {
        dispatcher.event(SmallEvent(x: 1))
    }

    /// `event_one_handler`: the same with one counting handler.
    @inline(never)
    public static func eventOneHandler(_ dispatcher: Dispatcher = one) {
        dispatcher.event(SmallEvent(x: 1))
    }

    /// `span_null_handler`: a trivial spanned function; no span handler records anything.
    @inline(never)
    public static func spanNullHandler() -> Int {
        trivialNull(1)
    }

    /// `span_simple_handler`: a trivial spanned function with `SimpleSpanHandler`.
    @inline(never)
    public static func spanSimpleHandler() -> Int {
        trivial(1)
    }

    /// `async_span_simple`: a trivial spanned async function with `SimpleSpanHandler`.
    @inline(never)
    public static func asyncSpanSimple() async -> Int {
        await trivialAsync(1)
    }

    /// `pipeline`: one span containing three child spans that each emit two events; one event
    /// handler and `SimpleSpanHandler` attached. One operation is the whole tree.
    @inline(never)
    public static func pipeline() -> Int {
        parent()
    }

    /// `span_handwritten`: the scoped span `@Spanned` expands to, written by hand.
    @inline(never)
    public static func spanHandwritten() -> Int {
        handwritten(1)
    }
}

@Spanned(dispatcher: Workloads.nullSpans)
func trivialNull(_ a: Int) -> Int { a }

@Spanned(dispatcher: Workloads.spans)
func trivial(_ a: Int) -> Int { a }

@Spanned(dispatcher: Workloads.spans)
func trivialAsync(_ a: Int) async -> Int { a }

func handwritten(_ a: Int) -> Int {
    Workloads.spans.span("handwritten", arguments: BoundArguments([.capture("a", a)])) { () -> Int in a }
}

@Spanned(dispatcher: Workloads.pipe)
func child(_ i: Int) -> Int {
    Workloads.pipe.event(SmallEvent(x: i))
    Workloads.pipe.event(SmallEvent(x: i + 1))
    return i
}

@Spanned(dispatcher: Workloads.pipe)
func parent() -> Int {
    child(1) + child(2) + child(3)
}

import Foundation
import LLMInstrumentation
import Synchronization

/// A span as the probe's handler saw it.
struct ProbeSpan: InstrumentationSpan {
    var id: String
    var parentID: String?
    var tags: [String: JSONValue]
    var argumentNames: [String]
    var argumentValues: [String]
    /// The type of each argument's value as the handler received it (`String` for those recorded as text).
    var argumentTypes: [String]
    var result: String?
    var error: String?
    var isDropped: Bool { error != nil }
}

/// Records every span with its arguments, result and error.
final class ProbeSpanHandler: SpanHandler {
    private let finished = LockedValue<(completed: [ProbeSpan], dropped: [ProbeSpan])>(([], []))

    func newSpan(_ entry: SpanEntry) -> ProbeSpan? {
        ProbeSpan(
            id: entry.id,
            parentID: entry.parentID,
            tags: entry.tags,
            argumentNames: entry.boundArguments.names,
            argumentValues: entry.boundArguments.arguments.map { String(describing: $0.value) },
            argumentTypes: entry.boundArguments.arguments.map { String(describing: type(of: $0.value)) }
        )
    }

    func prepareToExitSpan(_ span: ProbeSpan, exit: SpanExit) {
        var span = span
        span.result = exit.result.map { String(describing: $0) }
        finished.withLock { $0.completed.append(span) }
    }

    func prepareToDropSpan(_ span: ProbeSpan, drop: SpanDrop) {
        var span = span
        span.error = String(describing: drop.error)
        finished.withLock { $0.dropped.append(span) }
    }

    var completedSpans: [ProbeSpan] { finished.withLock { $0.completed } }
    var droppedSpans: [ProbeSpan] { finished.withLock { $0.dropped } }
}

/// Records `SpanDropEvent`s.
final class DropEventRecorder: EventHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [SpanDropEvent] = []

    func handle(_ event: some Event) {
        guard let drop = event as? SpanDropEvent else { return }
        lock.withLock { recorded.append(drop) }
    }

    var events: [SpanDropEvent] { lock.withLock { recorded } }
}

let probeSpans: ProbeSpanHandler = {
    let handler = ProbeSpanHandler()
    probeDispatcher.addSpanHandler(handler)
    return handler
}()

let probeDrops: DropEventRecorder = {
    let recorder = DropEventRecorder()
    probeDispatcher.addEventHandler(recorder)
    return recorder
}()

/// What one probed piece of work produced: the spans made inside it, in order of completion, and
/// the drop events.
struct ProbeReport<Result> {
    var result: Result
    var spans: [ProbeSpan]
    var drops: [SpanDropEvent]

    /// The one span whose id starts with `prefix`.
    func span(_ prefix: String) -> ProbeSpan? {
        let matches = spans.filter { $0.id.hasPrefix(prefix + "-") }
        return matches.count == 1 ? matches[0] : nil
    }
}

/// Runs `body` under a tag unique to this call, so that tests running in parallel on the shared
/// probe dispatcher tell their spans apart, and reports what it produced.
func probe<Result>(
    isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws -> Result
) async rethrows -> ProbeReport<Result> {
    let marker = JSONValue.string(UUID().uuidString)
    _ = (probeSpans, probeDrops)
    let result = try await withInstrumentTags(["probe": marker]) { () async throws -> Result in try await body() }
    let spans = (probeSpans.completedSpans + probeSpans.droppedSpans).filter { $0.tags["probe"] == marker }
    let ids = Set(spans.map(\.id))
    let drops = probeDrops.events.filter { $0.spanID.map(ids.contains) ?? false }
    return ProbeReport(result: result, spans: spans, drops: drops)
}

// TEMPORARY — delete this file when LLMInstrumentationTracing's TracingBridge lands, and make
// `installBridge(on:)` (InstallBridge.swift) install the real bridge instead.
//
// A stand-in, just enough to prove the end-to-end path (library spans → swift-distributed-tracing →
// swift-otel → OTLP/HTTP → Phoenix → REST → check_traces.py): each library span becomes a tracing
// span with the same name, parent and error status, and an `openinference.span.kind` guessed from
// its method name. It records no model names, token counts, documents, inputs or outputs: that is
// the real bridge's job (check_traces.py --expect full checks them; --expect standin does not).
import LLMInstrumentation
import Synchronization
import Tracing

/// A temporary span handler that turns the library's spans into swift-distributed-tracing spans
/// and carries the W3C `traceparent` through ``Dispatcher/capturePropagationContext()``.
/// Stands in for `TracingBridge` until it lands; see the note at the top of this file.
final class BridgeStandIn: SpanHandler {
    /// A library span and the tracing span it became.
    struct BridgedSpan: LLMInstrumentation.Span {
        var id: String
        var parentID: String?
        var tags: [String: JSONValue]
        let tracingSpan: any Tracing.Span
    }

    /// Open spans only: finished ones live on in the tracer, not here.
    let spanStore = SpanStore<BridgedSpan>(capacity: 0)
    private let tracer: any Tracer
    /// The remote parent restored from a propagation context, for spans whose parent is not local.
    private let remoteParent = Mutex<ServiceContext?>(nil)

    /// Creates the stand-in for `tracer`, by default the one swift-otel bootstrapped.
    init(tracer: any Tracer = InstrumentationSystem.tracer) {
        self.tracer = tracer
    }

    /// `false`: the stand-in records no arguments, so the dispatcher need not build them.
    var receivesBoundArguments: Bool { false }

    /// Starts the tracing span, child of the parent's tracing span, of the restored remote parent
    /// when the parent is not a local span, or a new trace for a root span.
    func newSpan(_ entry: SpanEntry) -> BridgedSpan? {
        let parent: ServiceContext
        if let parentID = entry.parentID {
            parent = spanStore.openSpan(id: parentID)?.tracingSpan.context ?? remoteParent.withLock { $0 } ?? .topLevel
        } else {
            parent = .topLevel
        }
        let name = SpanNameOnly(id: entry.id).name
        let span = tracer.startSpan(name, context: parent, ofKind: .internal)
        span.attributes["openinference.span.kind"] = Self.kind(ofSpanNamed: name)
        return BridgedSpan(id: entry.id, parentID: entry.parentID, tags: entry.tags, tracingSpan: span)
    }

    /// Ends the tracing span with status OK.
    func prepareToExitSpan(_ span: consuming BridgedSpan, exit: SpanExit) -> BridgedSpan? {
        span.tracingSpan.setStatus(SpanStatus(code: .ok))
        span.tracingSpan.end()
        return nil
    }

    /// Records the error on the tracing span and ends it with status ERROR.
    func prepareToDropSpan(_ span: consuming BridgedSpan, drop: SpanDrop) -> BridgedSpan? {
        span.tracingSpan.recordError(drop.error)
        span.tracingSpan.setStatus(SpanStatus(code: .error, message: String(describing: drop.error)))
        span.tracingSpan.end()
        return nil
    }

    /// The W3C `traceparent` (and `tracestate`, if any) of the active span's tracing span.
    func capturePropagationContext() -> [String: JSONValue] {
        let active = LLMInstrumentation.InstrumentationContext.activeSpanID.flatMap { spanStore.openSpan(id: $0) }
        guard let context = active?.tracingSpan.context ?? remoteParent.withLock({ $0 }) else { return [:] }
        var headers: [String: String] = [:]
        tracer.inject(context, into: &headers, using: HeaderInjector())
        return headers.mapValues { .string($0) }
    }

    /// Keeps the remote parent of a captured `traceparent` for the spans that continue it.
    func restorePropagationContext(_ context: [String: JSONValue]) {
        var headers: [String: String] = [:]
        for (key, value) in context {
            if case .string(let text) = value { headers[key] = text }
        }
        guard headers["traceparent"] != nil else { return }
        var restored = ServiceContext.topLevel
        tracer.extract(headers, into: &restored, using: HeaderExtractor())
        remoteParent.withLock { $0 = restored }
    }

    /// The OpenInference span kind for a span named `<Type>.<method>`.
    private static func kind(ofSpanNamed name: String) -> String {
        switch name.split(separator: ".").last {
        case "chat", "streamChat", "complete", "streamComplete": "LLM"
        case "embed": "EMBEDDING"
        case "retrieve": "RETRIEVER"
        case "rerank": "RERANKER"
        case "call": "TOOL"
        default: "CHAIN"
        }
    }
}

/// A span id alone, to read the span's name (the id without its unique suffix).
private struct SpanNameOnly: LLMInstrumentation.Span {
    var id: String
    var parentID: String? { nil }
    var tags: [String: JSONValue] { [:] }
}

/// Writes propagation headers into a dictionary.
private struct HeaderInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key] = value
    }
}

/// Reads propagation headers from a dictionary.
private struct HeaderExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? {
        carrier[key]
    }
}

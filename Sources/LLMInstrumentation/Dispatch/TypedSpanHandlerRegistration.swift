import Foundation

/// The registration of a span handler of a known span type, with its open spans.
final class TypedSpanHandlerRegistration<Handler: SpanHandler>: SpanHandlerRegistration {
    let handler: Handler
    let diagnostics: HandlerDiagnostics
    let isNoOp: Bool
    let readsBoundArguments: Bool
    let readsResults: Bool
    private let openSpans = LockedValue(OpenSpanTable<Handler.SpanType>())

    init(_ handler: Handler) {
        self.handler = handler
        self.diagnostics = HandlerDiagnostics(handler: handler)
        self.isNoOp = handler is NullSpanHandler
        let selective = handler as? any SelectiveSpanHandler
        self.readsBoundArguments = selective?.readsBoundArguments ?? true
        self.readsResults = selective?.readsResults ?? true
    }

    var openSpanCount: Int { openSpans.withLock { $0.count } }

    func enter(_ entry: SpanEntry, byID: Bool, on dispatcher: Dispatcher) -> Int? {
        let id = byID ? entry.id : nil
        if let id, openSpans.withLock({ $0.contains(id: id) }) { return nil }
        let span: Handler.SpanType?
        do {
            span = try handler.newSpan(entry)
        } catch {
            dispatcher.recordFailure(of: diagnostics, error, during: "spanEnter")
            return nil
        }
        guard let span else { return nil }
        let open = OpenSpan(span: span, id: id, startTime: entry.startTime, startInstant: entry.startInstant)
        return openSpans.withLock { $0.insert(open) }
    }

    func exit(_ exit: SpanExit, key: Int?, on dispatcher: Dispatcher) {
        end(key: key, id: exit.id, during: "spanExit", on: dispatcher) { open in
            var exit = exit
            exit.setTiming(startTime: open.startTime, startInstant: open.startInstant)
            try handler.prepareToExitSpan(open.span, exit: exit)
        }
    }

    func drop(_ drop: SpanDrop, key: Int?, on dispatcher: Dispatcher) {
        end(key: key, id: drop.id, during: "spanDrop", on: dispatcher) { open in
            var drop = drop
            drop.setTiming(startTime: open.startTime, startInstant: open.startInstant)
            try handler.prepareToDropSpan(open.span, drop: drop)
        }
    }

    /// Takes the open span `key` (or, for `nil`, the open span with the id `id`, read only then:
    /// formatting an id costs an allocation) and ends it with `finish`, reporting its failure.
    private func end(
        key: Int?,
        id: @autoclosure () -> String,
        during operation: String,
        on dispatcher: Dispatcher,
        _ finish: (OpenSpan<Handler.SpanType>) throws -> Void
    ) {
        let open: OpenSpan<Handler.SpanType>?
        if let key {
            open = openSpans.withLock { $0.remove(key: key) }
        } else {
            let id = id()
            open = openSpans.withLock { $0.remove(id: id) }
        }
        guard let open else { return }
        do {
            try finish(open)
        } catch {
            dispatcher.recordFailure(of: diagnostics, error, during: operation)
        }
    }

    func dropOpenSpans(with error: any Error, at end: UInt64, on dispatcher: Dispatcher) {
        for open in openSpans.withLock({ $0.removeAll() }) {
            var drop = SpanDrop(id: open.span.id, error: error)
            drop.endInstant = end
            drop.setTiming(startTime: open.startTime, startInstant: open.startInstant)
            do {
                try handler.prepareToDropSpan(open.span, drop: drop)
            } catch {
                dispatcher.recordFailure(of: diagnostics, error, during: "shutdown")
            }
        }
    }

    func capturePropagationContext(on dispatcher: Dispatcher) -> [String: JSONValue] {
        do {
            return try handler.capturePropagationContext()
        } catch {
            dispatcher.recordFailure(of: diagnostics, error, during: "capturePropagationContext")
            return [:]
        }
    }

    func restorePropagationContext(_ context: [String: JSONValue], on dispatcher: Dispatcher) {
        do {
            try handler.restorePropagationContext(context)
        } catch {
            dispatcher.recordFailure(of: diagnostics, error, during: "restorePropagationContext")
        }
    }

    func close(on dispatcher: Dispatcher) {
        do {
            try handler.close()
        } catch {
            dispatcher.recordFailure(of: diagnostics, error, during: "close")
        }
    }
}

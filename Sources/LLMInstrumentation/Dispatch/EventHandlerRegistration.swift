import Synchronization

/// One event handler as added to one dispatcher.
final class EventHandlerRegistration: Sendable {
    let handler: any EventHandler
    let diagnostics: HandlerDiagnostics
    /// Whether the handler does nothing (`NullEventHandler`): it is left out of the chains.
    let isNoOp: Bool
    /// Set by a shutdown that reached the handler: it is left out of the chains made from now.
    let isShutDown = Atomic<Bool>(false)

    init(_ handler: some EventHandler) {
        self.handler = handler
        self.diagnostics = HandlerDiagnostics(handler: handler)
        self.isNoOp = handler is NullEventHandler
    }

    /// Hands `event` to the handler, reporting its failure.
    func deliver(_ event: some Event, from dispatcher: Dispatcher) {
        do {
            try handler.handle(event)
        } catch {
            dispatcher.recordFailure(of: diagnostics, error, during: "event")
        }
    }
}

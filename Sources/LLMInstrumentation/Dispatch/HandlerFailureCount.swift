/// How often one handler on a dispatcher's chain has failed (thrown).
public struct HandlerFailureCount: Sendable, Hashable {
    /// The handler's type name, as ``Dispatcher/eventHandlerNames`` and
    /// ``Dispatcher/spanHandlerNames`` list it.
    public var handlerName: String
    /// The handler's registration.
    public var handlerID: HandlerID
    /// How many calls of the handler threw.
    public var failures: Int
}

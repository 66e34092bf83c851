/// An event handler that ignores every event. The root dispatcher starts with one; the dispatcher
/// skips it when deciding whether anybody listens, so it costs nothing.
public struct NullEventHandler: EventHandler {
    /// Creates the handler.
    public init() {}

    /// Does nothing.
    public func handle(_ event: some Event) {}
}

public import Logging

/// Keeps dispatchers by name and maintains their hierarchy: the Swift form of the reference's
/// `Manager`.
///
/// Most programs use the shared registry through ``Dispatcher/root`` and
/// ``Dispatcher/named(_:)``. A separate registry gives a hierarchy of its own, with its own root;
/// tests use one to stay independent of each other.
public final class DispatcherRegistry: Sendable {
    /// The registry behind ``Dispatcher/root`` and ``Dispatcher/named(_:)``.
    public static let shared = DispatcherRegistry()

    private struct State {
        var dispatchers: [String: Dispatcher] = [:]
        var root: Dispatcher?
    }

    private let state = LockedValue(State())
    private let customLogger: Logger?
    /// The shortest time between two reports of the same failing handler.
    let failureReportInterval: Duration
    /// The clocks the registry's dispatchers time spans with.
    let clock: InstrumentationClock

    /// Creates a registry with its own root dispatcher.
    /// - Parameters:
    ///   - diagnosticLogger: where failing handlers and bad propagation contexts are reported;
    ///     by default a swift-log logger labelled `llm-instrumentation`, made when first needed so
    ///     that it uses the logging backend bootstrapped by then.
    ///   - failureReportInterval: the shortest time between two reports of one failing handler.
    public convenience init(diagnosticLogger: Logger? = nil, failureReportInterval: Duration = .seconds(60)) {
        self.init(diagnosticLogger: diagnosticLogger, failureReportInterval: failureReportInterval, clock: .system)
    }

    /// Creates a registry whose dispatchers time spans with `clock` (the tests' clock that jumps).
    init(diagnosticLogger: Logger? = nil, failureReportInterval: Duration = .seconds(60), clock: InstrumentationClock) {
        self.customLogger = diagnosticLogger
        self.failureReportInterval = failureReportInterval
        self.clock = clock
        var rootConfiguration = Dispatcher.Configuration()
        rootConfiguration.propagate = false
        let root = Dispatcher(name: Self.rootName, registry: self, configuration: rootConfiguration)
        state.withLock { state in
            state.root = root
            state.dispatchers[Self.rootName] = root
        }
        root.addEventHandler(NullEventHandler())
        root.addSpanHandler(NullSpanHandler())
    }

    /// The name of the root dispatcher.
    public static let rootName = "root"

    /// The logger for the library's own diagnostics.
    var diagnosticLogger: Logger {
        customLogger ?? Logger(label: "llm-instrumentation")
    }

    /// This registry's root dispatcher.
    public var root: Dispatcher {
        state.withLock { $0.root! }
    }

    /// The names of the dispatchers made so far, sorted.
    public var dispatcherNames: [String] {
        state.withLock { $0.dispatchers.keys.sorted() }
    }

    /// The dispatcher named `name`, made on first use; the same name always yields the same
    /// dispatcher. Its parent is the nearest existing dotted ancestor, else the root, and
    /// dispatchers made earlier below the new one are re-parented to it.
    public func dispatcher(named name: String) -> Dispatcher {
        let (dispatcher, replaced) = state.withLock { state -> (Dispatcher, [HandlerChain]) in
            if let existing = state.dispatchers[name] { return (existing, []) }
            let dispatcher = Dispatcher(name: name, registry: self, configuration: Dispatcher.Configuration())
            state.dispatchers[name] = dispatcher
            return (dispatcher, Self.relink(&state))
        }
        withExtendedLifetime(replaced) {}
        return dispatcher
    }

    /// Applies a configuration change and rebuilds every dispatcher's chain, one change at a time.
    /// The chains replaced are released after the registry's lock is let go (see
    /// ``Dispatcher/install(_:)``).
    func reconfigure(_ change: () -> Void) {
        let replaced = state.withLock { state in
            change()
            return Self.rebuildChains(state)
        }
        withExtendedLifetime(replaced) {}
    }

    private static func relink(_ state: inout State) -> [HandlerChain] {
        guard let root = state.root else { return [] }
        for (name, dispatcher) in state.dispatchers where name != rootName {
            dispatcher.setParent(nearestAncestor(of: name, in: state.dispatchers) ?? root)
        }
        return rebuildChains(state)
    }

    private static func nearestAncestor(of name: String, in dispatchers: [String: Dispatcher]) -> Dispatcher? {
        var candidate = Substring(name)
        while let dot = candidate.lastIndex(of: ".") {
            candidate = candidate[..<dot]
            if let ancestor = dispatchers[String(candidate)] { return ancestor }
        }
        return nil
    }

    /// The redaction a dispatcher uses: its own, else its nearest ancestor's (whether or not
    /// events propagate there), else the default.
    private static func redaction(of dispatcher: Dispatcher) -> ArgumentRedaction {
        var current: Dispatcher? = dispatcher
        var visited: Set<ObjectIdentifier> = []
        while let node = current, visited.insert(ObjectIdentifier(node)).inserted {
            let configuration = node.configurationSnapshot
            if let own = configuration.argumentRedaction { return own }
            current = configuration.parent
        }
        return .default
    }

    /// Installs every dispatcher's new chain and returns the chains replaced.
    private static func rebuildChains(_ state: State) -> [HandlerChain] {
        var replaced: [HandlerChain] = []
        for dispatcher in state.dispatchers.values {
            var eventHandlers: [EventHandlerRegistration] = []
            var spanHandlers: [any SpanHandlerRegistration] = []
            var current: Dispatcher? = dispatcher
            var visited: Set<ObjectIdentifier> = []
            var isCutByShutdown = false
            while let node = current, visited.insert(ObjectIdentifier(node)).inserted {
                // A dispatcher that was shut down delivers nothing, and nothing passes through it.
                if node.hasShutDown {
                    isCutByShutdown = true
                    break
                }
                let configuration = node.configurationSnapshot
                eventHandlers += configuration.eventHandlers.filter { !$0.isNoOp }
                spanHandlers += configuration.spanHandlers.filter { !$0.isNoOp }
                guard configuration.propagate else { break }
                current = configuration.parent
            }
            replaced.append(
                dispatcher.install(
                    HandlerChain(
                        eventHandlers: eventHandlers,
                        spanHandlers: spanHandlers,
                        redaction: redaction(of: dispatcher),
                        isCutByShutdown: isCutByShutdown
                    )
                )
            )
        }
        return replaced
    }
}

import Foundation
public import Logging

/// Keeps dispatchers by name and maintains their hierarchy: the Swift form of the reference's
/// `Manager`.
///
/// Most programs use the shared registry through ``Dispatcher/root`` and
/// ``Dispatcher/named(_:)``. A separate registry gives a hierarchy of its own, with its own root;
/// tests use one to stay independent of each other.
///
/// Making a dispatcher costs the same however many exist (a tree of the dotted names' parts
/// finds its parent, and the dispatchers it becomes the parent of, among its own relatives
/// only), and changing one's handlers rebuilds the chains of that dispatcher and its
/// descendants only.
///
/// A registry and its dispatchers are never freed: each dispatcher keeps its registry (a
/// dispatcher used after the last reference to its registry is gone must still reach its
/// hierarchy), and the registry keeps every dispatcher it made (so that a name always yields the
/// same dispatcher, with the handlers added to it). That is what a program's registry needs, and
/// a test that makes its own registry keeps it for the rest of the process: a registry with its
/// root and one dispatcher costs about 2 KB (`Benchmarks/Sources/ScaleWorkloads`).
public final class DispatcherRegistry: Sendable {
    /// The registry behind ``Dispatcher/root`` and ``Dispatcher/named(_:)``.
    public static let shared = DispatcherRegistry()

    /// One part of a dotted name (`"b"` of `"a.b.c"`): the dispatcher of the name up to it, if
    /// one was made, and the parts that follow it. The registry's tree starts at a node for the
    /// root dispatcher.
    private final class NameNode {
        var dispatcher: Dispatcher?
        var children: [Substring: NameNode] = [:]

        init(_ dispatcher: Dispatcher? = nil) {
            self.dispatcher = dispatcher
        }

        /// The dispatchers in the tree below this node (not its own), in no particular order.
        var descendantDispatchers: [Dispatcher] {
            var found: [Dispatcher] = []
            var pending = Array(children.values)
            while let node = pending.popLast() {
                if let dispatcher = node.dispatcher { found.append(dispatcher) }
                pending += node.children.values
            }
            return found
        }

        /// The dispatchers below this node that have no dispatcher between them and it: those
        /// whose parent is this node's dispatcher or, for a node without one, its nearest ancestor's.
        var nearestDescendantDispatchers: [Dispatcher] {
            var found: [Dispatcher] = []
            var pending = Array(children.values)
            while let node = pending.popLast() {
                if let dispatcher = node.dispatcher {
                    found.append(dispatcher)
                } else {
                    pending += node.children.values
                }
            }
            return found
        }
    }

    /// Guarded by `state`'s lock.
    private struct State: @unchecked Sendable {
        var dispatchers: [String: Dispatcher] = [:]
        var root: Dispatcher?
        /// The tree of dotted names, from the root dispatcher's node.
        let names = NameNode()
    }

    private let state = LockedValue(State())
    private let customLogger: Logger?
    /// The shortest time between two reports of the same failing handler.
    let failureReportInterval: Duration
    /// The clocks the registry's dispatchers time spans with.
    let clock: InstrumentationClock
    /// The asynchronous deliveries under way, for a shutdown to wait for.
    let asynchronousDeliveries = AsynchronousDeliveries()
    /// The content policy of a dispatcher without one of its own or of an ancestor's: the one
    /// OpenInference's environment variables of the process set.
    let environmentContentPolicy: ContentPolicy

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
        var problems: [String] = []
        self.environmentContentPolicy = ContentPolicy(environment: ProcessInfo.processInfo.environment) {
            problems.append($0)
        }
        var rootConfiguration = Dispatcher.Configuration()
        rootConfiguration.propagate = false
        let root = Dispatcher(name: Self.rootName, registry: self, configuration: rootConfiguration)
        state.withLock { state in
            state.root = root
            state.dispatchers[Self.rootName] = root
            state.names.dispatcher = root
        }
        root.addEventHandler(NullEventHandler())
        root.addSpanHandler(NullSpanHandler())
        for problem in problems { self.diagnosticLogger.warning("Content policy: \(problem)") }
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
        let (dispatcher, replaced) = state.withLock { state -> (Dispatcher, HandlerChain?) in
            if let existing = state.dispatchers[name] { return (existing, nil) }
            let dispatcher = Dispatcher(name: name, registry: self, configuration: Dispatcher.Configuration())
            state.dispatchers[name] = dispatcher
            // Down the tree by the name's parts, keeping the last dispatcher passed: the parent.
            var node = state.names
            var parent = state.root!
            for part in name.split(separator: ".", omittingEmptySubsequences: false) {
                if let ancestor = node.dispatcher { parent = ancestor }
                if let child = node.children[part] {
                    node = child
                } else {
                    let child = NameNode()
                    node.children[part] = child
                    node = child
                }
            }
            node.dispatcher = dispatcher
            dispatcher.setParent(parent)
            // Those below it that propagated to its parent now propagate to it. Their chains stay
            // as they are: the new dispatcher has no handlers and no redaction of its own.
            for descendant in node.nearestDescendantDispatchers {
                descendant.setParent(dispatcher)
            }
            return (dispatcher, Self.rebuildChain(of: dispatcher))
        }
        withExtendedLifetime(replaced) {}
        return dispatcher
    }

    /// Applies a configuration change of `dispatcher` and rebuilds its chain and its descendants'
    /// (for `nil`, every chain), one change at a time. The chains replaced are released after the
    /// registry's lock is let go (see ``Dispatcher/install(_:)``).
    func reconfigure(_ dispatcher: Dispatcher?, _ change: () -> Void) {
        let replaced = state.withLock { state -> [HandlerChain] in
            change()
            let affected: [Dispatcher]
            if let dispatcher, let node = Self.node(of: dispatcher, in: state) {
                affected = [dispatcher] + node.descendantDispatchers
            } else {
                affected = Array(state.dispatchers.values)
            }
            return affected.map(Self.rebuildChain(of:))
        }
        withExtendedLifetime(replaced) {}
    }

    /// The node of `dispatcher`'s name in the tree.
    private static func node(of dispatcher: Dispatcher, in state: State) -> NameNode? {
        guard dispatcher !== state.root else { return state.names }
        var node = state.names
        for part in dispatcher.name.split(separator: ".", omittingEmptySubsequences: false) {
            guard let child = node.children[part] else { return nil }
            node = child
        }
        return node
    }

    /// A setting of a dispatcher: its own, else its nearest ancestor's (whether or not events
    /// propagate there), else `nil`.
    private static func nearest<Value>(
        _ setting: KeyPath<Dispatcher.Configuration, Value?>,
        of dispatcher: Dispatcher
    ) -> Value? {
        var current: Dispatcher? = dispatcher
        var visited: Set<ObjectIdentifier> = []
        while let node = current, visited.insert(ObjectIdentifier(node)).inserted {
            let configuration = node.configurationSnapshot
            if let own = configuration[keyPath: setting] { return own }
            current = configuration.parent
        }
        return nil
    }

    /// Installs the dispatcher's new chain, made from its configuration and its ancestors', and
    /// returns the chain replaced.
    private static func rebuildChain(of dispatcher: Dispatcher) -> HandlerChain {
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
            // Handlers a shutdown closed are left out everywhere.
            let open = (
                events: configuration.eventHandlers.filter { !$0.isShutDown.load(ordering: .relaxed) },
                spans: configuration.spanHandlers.filter { !$0.isClosing }
            )
            if open.events.count < configuration.eventHandlers.count
                || open.spans.count < configuration.spanHandlers.count
            {
                isCutByShutdown = true
            }
            eventHandlers += open.events.filter { !$0.isNoOp }
            spanHandlers += open.spans.filter { !$0.isNoOp }
            guard configuration.propagate else { break }
            current = configuration.parent
        }
        return dispatcher.install(
            HandlerChain(
                eventHandlers: eventHandlers,
                spanHandlers: spanHandlers,
                redaction: nearest(\.argumentRedaction, of: dispatcher) ?? .default,
                contentPolicy: nearest(\.contentPolicy, of: dispatcher) ?? dispatcher.registry.environmentContentPolicy,
                isCutByShutdown: isCutByShutdown
            )
        )
    }
}

/// The asynchronous deliveries (`asyncEvent`) under way in one registry, so that a shutdown can
/// wait for those that may still reach its handlers: what ``HandlerCallDepth`` does for the
/// synchronous ones, which a thread-local cannot do for work that moves between threads.
///
/// A delivery begins (under this lock) before it reads its chain, in the current generation; a
/// shutdown swaps the chains, then starts a new generation and waits until no delivery of an
/// older one is under way. Deliveries begun later are in the new generation and read the new
/// chains, so a busy registry cannot keep a shutdown waiting.
final class AsynchronousDeliveries: Sendable {
    private struct State {
        var generation = 0
        /// How many deliveries of each generation are under way; generations with none are left
        /// out.
        var underWay: [Int: Int] = [:]
    }

    private let state = LockedValue(State())

    /// Begins a delivery; pass what it returns to ``end(_:)``.
    func begin() -> Int {
        state.withLock { state in
            state.underWay[state.generation, default: 0] += 1
            return state.generation
        }
    }

    /// Ends a delivery begun in `generation`.
    func end(_ generation: Int) {
        state.withLock { state in
            let remaining = state.underWay[generation, default: 1] - 1
            state.underWay[generation] = remaining == 0 ? nil : remaining
        }
    }

    /// Waits until every delivery begun before the call has ended (polling, as
    /// ``HandlerCallDepth/waitUntil(_:)`` does).
    func waitForDeliveriesUnderWay() {
        let last = state.withLock { state in
            defer { state.generation += 1 }
            return state.generation
        }
        HandlerCallDepth.waitUntil { state.withLock { !$0.underWay.keys.contains { $0 <= last } } }
    }
}

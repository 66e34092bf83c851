import Dispatch
import Logging
import Synchronization

/// One handler as added to one dispatcher, with the count of its failures and the time of the
/// last report, so that a broken handler is reported at most once per interval instead of either
/// never (as in the reference) or on every call.
final class HandlerRegistration<Handler: Sendable>: Sendable {
    let id: HandlerID
    let handler: Handler
    let name: String
    /// Whether the handler does nothing (`NullEventHandler`, `NullSpanHandler`): it is left out of
    /// the chains.
    let isNoOp: Bool
    private let failures = Atomic<Int>(0)
    /// Uptime in nanoseconds of the last report, plus one; zero when never reported.
    private let lastReport = Atomic<UInt64>(0)

    init(handler: Handler, name: String, isNoOp: Bool) {
        self.id = HandlerID()
        self.handler = handler
        self.name = name
        self.isNoOp = isNoOp
    }

    var failureCount: Int { failures.load(ordering: .relaxed) }

    /// Counts a failure of the handler and reports it through `logger` unless one was reported
    /// less than `reportInterval` ago.
    func recordFailure(
        _ error: any Error,
        during operation: String,
        dispatcher: String,
        logger: Logger,
        reportInterval: Duration
    ) {
        let count = failures.add(1, ordering: .relaxed).newValue
        let now = DispatchTime.now().uptimeNanoseconds + 1
        let previous = lastReport.load(ordering: .relaxed)
        let interval = UInt64(reportInterval.components.seconds) * 1_000_000_000
            + UInt64(reportInterval.components.attoseconds / 1_000_000_000)
        guard previous == 0 || now &- previous >= interval else { return }
        guard lastReport.compareExchange(expected: previous, desired: now, ordering: .relaxed).exchanged else {
            return
        }
        logger.error(
            "Instrumentation handler failed; the instrumented code is unaffected",
            metadata: [
                "handler": .string(name),
                "dispatcher": .string(dispatcher),
                "operation": .string(operation),
                "error": .string(String(describing: error)),
                "failures": .stringConvertible(count),
            ]
        )
    }
}

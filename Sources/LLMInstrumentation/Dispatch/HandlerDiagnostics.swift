import Dispatch
import Logging
import Synchronization

/// What the dispatcher keeps about one handler as added to one dispatcher: its id, its name and
/// the count of its failures, with the time of the last report, so that a broken handler is
/// reported at most once per interval instead of either never (as in the reference) or on every
/// call.
final class HandlerDiagnostics: Sendable {
    let id: HandlerID
    /// The handler's type name.
    let name: String
    private let failures = Atomic<Int>(0)
    /// Uptime in nanoseconds of the last report, plus one; zero when never reported.
    private let lastReport = Atomic<UInt64>(0)

    init(handler: Any) {
        self.id = HandlerID()
        self.name = String(describing: type(of: handler))
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
        let interval =
            UInt64(reportInterval.components.seconds) * 1_000_000_000
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

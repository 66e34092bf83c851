import LLMInstrumentation
import ServiceLifecycle
import Synchronization

/// A service that runs one piece of work and returns, keeping its outcome for the caller (the
/// service group's run only says whether it finished).
final class WorkService: Service {
    private let work: @Sendable () async throws -> Void
    private let result = Mutex<Result<Void, any Error>>(.success(()))

    /// Creates the service for `work`.
    init(work: @escaping @Sendable () async throws -> Void) {
        self.work = work
    }

    /// What the work did: success, or the error it threw.
    var outcome: Result<Void, any Error> {
        result.withLock { $0 }
    }

    /// Runs the work, then shuts the library's dispatchers down so that spans still open end.
    func run() async throws {
        do {
            try await work()
        } catch {
            result.withLock { $0 = .failure(error) }
        }
        Dispatcher.root.shutdown()
    }
}

import LLMInstrumentation
import Logging
import OTel
import ServiceLifecycle

/// Runs a piece of work with the tracing backend bootstrapped and the bridge installed, then
/// shuts everything down in order, so that every span is exported before the process exits.
///
/// The work and swift-otel's background service run in one `ServiceGroup`. When the work returns,
/// the group shuts down gracefully: the library's dispatchers first (open spans are dropped, so
/// they end and are exported too), then swift-otel's batch span processor, which flushes what it
/// holds to the exporter. SIGINT and SIGTERM start the same graceful shutdown: the work is let
/// finish, then the spans are flushed.
enum TracedRun {
    /// Bootstraps swift-otel with `options`, installs the bridge on the root dispatcher, runs
    /// `work`, and returns once every span is flushed. Rethrows what `work` threw.
    static func run(
        _ options: TelemetryOptions,
        _ work: @escaping @Sendable () async throws -> Void
    ) async throws {
        let observability = try OTel.bootstrap(configuration: options.configuration())
        installBridge(on: Dispatcher.root)

        let workService = WorkService(work: work)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: observability),
                    .init(
                        service: workService,
                        successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .gracefullyShutdownGroup
                    ),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: Logger(label: "phoenix-demo")
            )
        )
        try await group.run()
        try workService.outcome.get()
    }
}

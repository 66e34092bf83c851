import ArgumentParser
import OTel

/// Where and as what the traces are exported: the OTLP/HTTP endpoint, the Phoenix project and the
/// service name. Both subcommands take them, so that their spans land in the same project.
struct TelemetryOptions: ParsableArguments {
    /// The OTLP/HTTP traces endpoint; Phoenix receives on `/v1/traces` of its HTTP port.
    @Option(help: "The OTLP/HTTP traces endpoint (protocol http/protobuf).")
    var endpoint = "http://127.0.0.1:6006/v1/traces"

    /// The Phoenix project, sent as the resource attribute `openinference.project.name`.
    @Option(help: "The Phoenix project the spans go to (resource attribute openinference.project.name).")
    var project = "swift-llm-instrumentation-demo"

    /// The OpenTelemetry service name (`service.name`).
    @Option(help: "The OpenTelemetry service name.")
    var serviceName = "phoenix-demo"

    /// A swift-otel configuration that exports only traces, over OTLP/HTTP with protobuf, to
    /// ``endpoint``. The standard `OTEL_*` environment variables still override it.
    func configuration() -> OTel.Configuration {
        var configuration = OTel.Configuration.default
        configuration.serviceName = serviceName
        configuration.resourceAttributes["openinference.project.name"] = project
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.endpoint = endpoint
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        configuration.diagnosticLogLevel = .warning
        return configuration
    }
}

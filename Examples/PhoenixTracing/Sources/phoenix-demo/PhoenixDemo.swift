import ArgumentParser

/// `phoenix-demo`: the library's demo pipeline traced into Arize Phoenix, in two processes that
/// share one trace through a propagation context written to a file.
///
/// ```bash
/// phoenix-demo query --context-out context.json   # the RAG queries, inside one root span
/// phoenix-demo agent --context-in context.json    # the agent step, in the same trace
/// ```
@main
struct PhoenixDemo: AsyncParsableCommand {
    /// The command's name, abstract and subcommands.
    static let configuration = CommandConfiguration(
        commandName: "phoenix-demo",
        abstract: "Run the demo pipeline with its spans exported to Arize Phoenix over OTLP/HTTP.",
        subcommands: [QueryCommand.self, AgentCommand.self]
    )
}

import ArgumentParser

/// The `llm-trace` command line: runs the instrumented demo and reads JSON-lines trace files.
@main
struct LLMTrace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llm-trace",
        abstract: "Run an instrumented LLM pipeline offline and look at the traces it writes.",
        subcommands: [DemoCommand.self, ShowCommand.self, StatsCommand.self, TailCommand.self]
    )
}

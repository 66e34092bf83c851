import ArgumentParser
import Foundation
import LLMInstrumentation
import LLMInstrumentationDemo

/// `phoenix-demo agent`: restores the propagation context that `phoenix-demo query` wrote and runs
/// the demo agent's step in it, so that its spans join the query's trace as children of its root.
struct AgentCommand: AsyncParsableCommand {
    /// The subcommand's name and abstract.
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run the agent step in the trace of a propagation context written by `query`."
    )

    /// Where the spans go.
    @OptionGroup var telemetry: TelemetryOptions

    /// The propagation context (JSON) to continue.
    @Option(help: "Read the propagation context (JSON) from this file.")
    var contextIn: String

    /// The text whose words the agent's tool counts.
    @Option(help: "The text the agent counts the words of.")
    var input = "As the documents say: Task-local values are inherited by child tasks but not by detached tasks or threads."

    /// Reads the context, then runs the agent step in it.
    func run() async throws {
        let text: String
        do {
            text = try String(contentsOfFile: contextIn, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read the propagation context \(contextIn): \(error.localizedDescription)")
        }
        let context: PropagationContext
        do {
            context = try PropagationContext(jsonString: text)
        } catch {
            throw ValidationError("\(contextIn): \(error)")
        }
        let input = self.input
        try await TracedRun.run(telemetry) {
            let words = try await demoDispatcher.restorePropagationContext(context) { () async throws -> String in
                try await WordCountingAgent().step(task: "request-1", input: input)
            }
            print("agent: the text has \(words) words")
        }
    }
}

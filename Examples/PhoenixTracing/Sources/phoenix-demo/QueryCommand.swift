import ArgumentParser
import Foundation
import LLMInstrumentation
import LLMInstrumentationDemo

/// `phoenix-demo query`: runs the demo's RAG pipeline on two questions, the second empty so that
/// the chat model fails, inside one root span `PhoenixDemo.query`, and writes the propagation
/// context captured inside that span to a file for `phoenix-demo agent`.
struct QueryCommand: AsyncParsableCommand {
    /// The subcommand's name and abstract.
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run the RAG queries (one succeeds, one fails) and write the propagation context."
    )

    /// The questions asked: the second is blank, and the chat model throws "the question is empty".
    static let questions = ["How do task-local values reach child tasks?", "   "]

    /// Where the spans go.
    @OptionGroup var telemetry: TelemetryOptions

    /// Where the propagation context (JSON) goes.
    @Option(help: "Write the propagation context (JSON) to this file.")
    var contextOut: String

    /// Runs the queries in the root span and writes the context captured inside it.
    func run() async throws {
        let contextURL = URL(fileURLWithPath: contextOut)
        try await TracedRun.run(telemetry) {
            let pipeline = RAGPipeline()
            try await demoDispatcher.span("PhoenixDemo.query") { () async throws -> Void in
                for (index, question) in Self.questions.enumerated() {
                    await withInstrumentTags(["request": .int(index + 1)]) {
                        do {
                            let answer = try await pipeline.query(question)
                            print("answer \(index + 1): \(answer)")
                        } catch {
                            print("answer \(index + 1) failed: \(error)")
                        }
                    }
                }
                let context = demoDispatcher.capturePropagationContext()
                try Data(context.jsonString().utf8).write(to: contextURL)
                print("propagation context written to \(contextURL.path): \(context.jsonString())")
            }
        }
    }
}

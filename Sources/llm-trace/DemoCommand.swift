import ArgumentParser
import Foundation
import LLMInstrumentation
import LLMInstrumentationDemo

/// `llm-trace demo`: runs the instrumented RAG pipeline and agent offline, printing each event as
/// it happens and the trace trees at the end, and optionally writing the trace as JSON lines.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run an offline RAG query and an agent step, printing events and trace trees."
    )

    @Option(name: .shortAndLong, help: "Also write the trace to this JSON-lines file.")
    var output: String?

    func run() async throws {
        let root = Dispatcher.root
        let spans = SimpleSpanHandler()
        root.addSpanHandler(spans)
        root.addEventHandler(ConsoleEventHandler())
        if let output {
            do {
                try JSONLinesExporter(url: URL(fileURLWithPath: output)).install(on: root)
            } catch {
                throw ValidationError(error.description)
            }
        }

        let pipeline = RAGPipeline()
        let agent = WordCountingAgent()
        let questions = ["How do task-local values reach child tasks?", "   "]
        for (index, question) in questions.enumerated() {
            await withInstrumentTags(["request": .int(index + 1)]) {
                do {
                    let answer = try await pipeline.query(question)
                    print("answer \(index + 1): \(answer)")
                    let words = try await agent.step(task: "request-\(index + 1)", input: answer)
                    print("agent: the answer has \(words) words")
                } catch {
                    print("answer \(index + 1) failed: \(error)")
                }
            }
        }
        root.shutdown()
        print("\ntrace trees (span id, duration in seconds):")
        spans.printTraceTrees()
        if let output { print("\ntrace written to \(output)") }
    }
}

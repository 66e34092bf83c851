import ArgumentParser
import Foundation
import LLMInstrumentation
import LLMInstrumentationDemo
import LLMModelClients

/// `llm-trace demo`: runs the instrumented RAG pipeline and agent, offline or against a real
/// model endpoint, printing each event as it happens and the trace trees at the end, and
/// optionally writing the trace as JSON lines.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a RAG query and an agent step, printing events and trace trees.",
        discussion: """
            Offline by default. With --provider the chat model is a real endpoint: \
            `llm-trace demo --provider openai --base-url http://127.0.0.1:11434/v1 --model llama3.2` \
            for a local Ollama; the API key, if any, is read from the environment variable that \
            --api-key-env names.
            """
    )

    /// The API shapes `--provider` takes.
    enum Provider: String, ExpressibleByArgument, CaseIterable {
        case openai, anthropic
    }

    @Option(name: .shortAndLong, help: "Also write the trace to this JSON-lines file.")
    var output: String?

    @Option(help: "Answer with a real model endpoint of this API: openai (any OpenAI-compatible server) or anthropic.")
    var provider: Provider?

    @Option(help: "The endpoint's base URL (default: the provider's own).")
    var baseURL: String?

    @Option(help: "The model to ask for (with --provider).")
    var model: String?

    @Option(help: "The environment variable holding the API key (default: OPENAI_API_KEY or ANTHROPIC_API_KEY).")
    var apiKeyEnv: String?

    func validate() throws {
        if provider == nil, baseURL != nil || model != nil || apiKeyEnv != nil {
            throw ValidationError("--base-url, --model and --api-key-env need --provider")
        }
        if provider != nil, model == nil {
            throw ValidationError("--provider needs --model")
        }
    }

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

        // An application extends the bundled price table with its own models; the demo's offline
        // model gets a made-up price, so that its calls show a cost.
        ModelPriceTable.current = ModelPriceTable.bundled.adding([QuotingChatModel.demoPrice])
        let (pipeline, agent) = makeComponents()
        let questions = ["How do task-local values reach child tasks?", "   "]
        for (index, question) in questions.enumerated() {
            await withRequestContext(session: "demo-chat", user: "demo-user", metadata: ["request": .int(index + 1)]) {
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

    /// The pipeline and the agent: offline, or answering with the endpoint `--provider` names.
    private func makeComponents() -> (RAGPipeline, WordCountingAgent) {
        guard let provider, let model else { return (RAGPipeline(), WordCountingAgent()) }
        let environment = ProcessInfo.processInfo.environment
        switch provider {
        case .openai:
            return components(
                answeringWith: OpenAICompatibleClient(
                    baseURL: baseURL ?? OpenAICompatibleClient.openAIBaseURL,
                    apiKey: environment[apiKeyEnv ?? "OPENAI_API_KEY"],
                    model: model
                )
            )
        case .anthropic:
            return components(
                answeringWith: AnthropicClient(
                    baseURL: baseURL ?? AnthropicClient.anthropicBaseURL,
                    apiKey: environment[apiKeyEnv ?? "ANTHROPIC_API_KEY"],
                    model: model
                )
            )
        }
    }

    private func components(answeringWith model: some ChatModel) -> (RAGPipeline, WordCountingAgent) {
        (RAGPipeline(chatModel: model), WordCountingAgent(chatModel: model))
    }
}

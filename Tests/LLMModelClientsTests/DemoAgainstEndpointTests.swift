import Foundation
import Testing

/// fakellm's rules for the demo: the RAG answer, and the agent's tool call and final word.
private let demoRules = """
    rules:
      - name: count_call
        when:
          turn: 1
          messages_contain: "How many words"
        respond:
          tool_calls:
            - name: word_count
              arguments: {text: "one two three"}
      - name: count_answer
        when:
          turn: 2
          tool_result_contains: "3"
        respond:
          content: "The text has 3 words."
      - name: rag
        when:
          messages_contain: "task-local"
        respond:
          content: "Child tasks inherit task-local values."
    """

@Suite("llm-trace demo against a real endpoint (fakellm on 127.0.0.1)")
struct DemoAgainstEndpointTests {
    /// The `llm-trace` built beside the tests.
    private static let binary =
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("llm-trace")

    private func runDemo(_ arguments: [String], key: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["demo"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["DEMO_TEST_KEY": key]) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(
        "--provider openai and --provider anthropic run the RAG query and the agent's tool-calling step against the endpoint",
        arguments: ["openai", "anthropic"]
    )
    func demo(provider: String) async throws {
        let server = try await FakeLLMServer.start(configuration: demoRules)
        defer { server.stop() }
        let key = "sk-demo-0badc0ffee"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "demo-\(provider)-\(UUID().uuidString).jsonl"
        )
        let baseURL = provider == "openai" ? server.openAIBaseURL : server.baseURL
        let client = provider == "openai" ? "OpenAICompatibleClient" : "AnthropicClient"

        let run = try runDemo(
            [
                "--provider", provider, "--base-url", baseURL, "--model", "demo-model", "--api-key-env",
                "DEMO_TEST_KEY", "-o", file.path,
            ],
            key: key
        )

        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("answer 1: Child tasks inherit task-local values."))
        #expect(run.output.contains("agent: the answer has 3 words"))
        #expect(run.output.contains("\n    └── \(client).streamPredict-"))
        #expect(run.output.contains("\n        └── \(client).streamChat-"))
        #expect(run.output.contains("WordCountingAgent.countWithModel-"))
        #expect(run.output.contains("\(client).chat-"))
        let trace = try String(contentsOf: file, encoding: .utf8)
        #expect(trace.contains(#""class_name":"LLMChatEndEvent""#))
        #expect(trace.contains(#""model":"demo-model""#))
        #expect(trace.contains(#""provider":"\#(provider)""#))
        #expect(!run.output.contains(key))
        #expect(!trace.contains(key))
    }

    @Test("--model without --provider, and --provider without --model, are refused with a clear message")
    func badArguments() throws {
        let withoutProvider = try runDemo(["--model", "x"], key: "")
        #expect(withoutProvider.status != 0)
        #expect(withoutProvider.output.contains("--base-url, --model and --api-key-env need --provider"))
        let withoutModel = try runDemo(["--provider", "openai"], key: "")
        #expect(withoutModel.status != 0)
        #expect(withoutModel.output.contains("--provider needs --model"))
    }
}

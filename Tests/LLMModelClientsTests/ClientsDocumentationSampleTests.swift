import LLMInstrumentation
import LLMModelClients
import Testing

/// The catalog's samples, verbatim, against a real server on 127.0.0.1 instead of Ollama.
@Suite("The LLMModelClients catalog's sample runs")
struct ClientsDocumentationSampleTests {
    @Test("the overview's instrumented Ollama client answers and counts tokens")
    func overviewSample() async throws {
        let reply = """
            {"id": "chatcmpl-1", "model": "llama3.2", "choices": [{"index": 0,
             "message": {"role": "assistant", "content": "Rayleigh scattering."}, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12}}
            """
        let server = try await ScriptedModelServer.start { _ in .json(reply) }
        defer { Task { try await server.shutdown() } }
        let world = try TracedWorld()
        let ollamaURL = server.baseURL
        Dispatcher.named("MyApp.llm").addEventHandler(world.events)

        // The sample, with the server's URL for Ollama's.
        let model = OpenAICompatibleClient(
            baseURL: ollamaURL,
            apiKey: nil,
            model: "llama3.2",
            provider: "ollama"
        ).instrumented(dispatcher: Dispatcher.named("MyApp.llm"))
        let answer = try await model.chat([ChatMessage(role: .user, content: "Why is the sky blue?")])
        print(answer.message.content ?? "", answer.tokenUsage?.totalTokens ?? 0)

        #expect(answer.message.content == "Rayleigh scattering.")
        #expect(answer.tokenUsage?.totalTokens == 12)
        #expect(world.events.events(of: LLMChatEndEvent.self).count == 1)
        #expect(server.requests.first?.json?["model"] == "llama3.2")
    }
}

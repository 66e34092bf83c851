import Foundation
import LLMInstrumentation
import LLMModelClients
import Testing

@Suite("OpenAI-compatible completions and embeddings over a real socket")
struct OpenAICompletionAndEmbeddingTests {
    @Test("a completion sends the prompt and options; its events carry the text, finish reason and token counts")
    func completion() async throws {
        let server = try await ScriptedModelServer.start { _ in
            .json(
                #"{"id": "cmpl-7", "object": "text_completion", "model": "gpt-3.5-turbo-instruct", "choices": [{"index": 0, "text": " blue.", "finish_reason": "length"}], "usage": {"prompt_tokens": 4, "completion_tokens": 2, "total_tokens": 6}}"#
            )
        }
        defer { Task { try await server.shutdown() } }
        let world = try TracedWorld()
        let model = OpenAICompatibleClient(
            baseURL: server.baseURL,
            apiKey: "sk-c",
            model: "gpt-3.5-turbo-instruct",
            defaultOptions: ["temperature": 0]
        ).instrumented(dispatcher: world.dispatcher)

        let completion = try await model.complete("The sky is", options: ["max_tokens": 2, "stop": ["\n"]])

        #expect(completion.text == " blue.")
        #expect(completion.tokenUsage == TokenUsage(promptTokens: 4, completionTokens: 2))
        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/completions")
        #expect(
            request.json
                == [
                    "model": "gpt-3.5-turbo-instruct", "prompt": "The sky is", "max_tokens": 2, "stop": ["\n"],
                    "temperature": 0,
                ]
        )
        let start = try #require(world.events.events(of: LLMCompletionStartEvent.self).first)
        #expect(start.prompt == "The sky is")
        #expect(start.modelDict["temperature"] == 0)
        let end = try #require(world.events.events(of: LLMCompletionEndEvent.self).first)
        var recorded = end.response
        #expect(recorded.cost?.pricedAs == "gpt-3.5-turbo-instruct")
        recorded.cost = nil
        #expect(recorded == completion)
        #expect(end.response.raw?["choices"]?.arrayValue?.first?["finish_reason"] == "length")
    }

    @Test("a streamed completion yields the text so far with each piece, and the counts at the end")
    func streamedCompletion() async throws {
        let server = try await ScriptedModelServer.start { _ in
            .events([
                sse(#"{"id":"s","model":"m","choices":[{"index":0,"text":"Once","finish_reason":null}]}"#),
                sse(#"{"id":"s","model":"m","choices":[{"index":0,"text":" upon","finish_reason":"stop"}]}"#),
                sse(
                    #"{"id":"s","model":"m","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}"#
                ),
                "data: [DONE]\n\n",
            ])
        }
        defer { Task { try await server.shutdown() } }
        let world = try TracedWorld()
        let model = OpenAICompatibleClient(baseURL: server.baseURL, apiKey: nil, model: "m")
            .instrumented(dispatcher: world.dispatcher)

        var pieces: [CompletionResponse] = []
        for try await piece in model.streamComplete("Tell a story") { pieces.append(piece) }

        #expect(pieces.map(\.text) == ["Once", "Once upon", "Once upon"])
        #expect(pieces.map { $0.delta ?? "" } == ["Once", " upon", ""])
        #expect(pieces.last?.tokenUsage?.totalTokens == 5)
        #expect(pieces.last?.additionalKwargs["finish_reason"] == "stop")
        #expect(server.requests.first?.json?["stream_options"] == ["include_usage": true])
        #expect(world.events.events(of: LLMCompletionInProgressEvent.self).count == 3)
        #expect(world.events.events(of: LLMCompletionEndEvent.self).first?.response.tokenUsage?.totalTokens == 5)
    }

    @Test("a client told not to ask for usage in streams does not")
    func streamWithoutUsage() async throws {
        let server = try await ScriptedModelServer.start { _ in .events(["data: [DONE]\n\n"]) }
        defer { Task { try await server.shutdown() } }
        let model = OpenAICompatibleClient(
            baseURL: server.baseURL,
            apiKey: nil,
            model: "m",
            requestsUsageInStreams: false
        )

        for try await _ in model.streamChat([ChatMessage(role: .user, content: "Hi")]) {}

        let body = try #require(server.requests.first?.json)
        #expect(body["stream"] == true)
        #expect(body["stream_options"] == nil)
    }

    @Test("embeddings come back in the order of the texts, whatever the order of the data; their events carry them")
    func embeddings() async throws {
        let server = try await ScriptedModelServer.start { _ in
            .json(
                #"{"object": "list", "model": "text-embedding-3-small", "data": [{"index": 1, "embedding": [0.0, 1.0]}, {"index": 0, "embedding": [1.0, 0.5]}], "usage": {"prompt_tokens": 5, "total_tokens": 5}}"#
            )
        }
        defer { Task { try await server.shutdown() } }
        let world = try TracedWorld()
        let model = OpenAICompatibleClient(baseURL: server.baseURL, apiKey: "sk-e", model: "text-embedding-3-small")
            .instrumented(dispatcher: world.dispatcher)

        let vectors = try await model.embed(["first", "second"])

        #expect(vectors == [[1.0, 0.5], [0.0, 1.0]])
        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/embeddings")
        #expect(request.json == ["model": "text-embedding-3-small", "input": ["first", "second"]])
        #expect(world.events.events(of: EmbeddingStartEvent.self).first?.modelDict["model"] == "text-embedding-3-small")
        #expect(world.events.events(of: EmbeddingEndEvent.self).first?.embeddings == vectors)
    }

    @Test("an embedding response with too few vectors is a malformed response")
    func embeddingsMissing() async throws {
        let server = try await ScriptedModelServer.start { _ in .json(#"{"data": [{"index": 0, "embedding": [1.0]}]}"#)
        }
        defer { Task { try await server.shutdown() } }
        let model = OpenAICompatibleClient(baseURL: server.baseURL, apiKey: nil, model: "e")

        await #expect(throws: ModelClientError.self) { _ = try await model.embed(["a", "b"]) }
    }
}

import Testing

@testable import LLMInstrumentation

/// Fake components whose outputs depend on their inputs (no model or network is reachable here).
struct EchoChatModel: ChatModel {
    struct Overloaded: Error, CustomStringConvertible {
        var description: String { "model overloaded" }
    }

    var modelDict: [String: JSONValue] { ["model": "echo-1", "temperature": 0.0] }

    func answer(_ messages: [ChatMessage]) throws -> String {
        let question = messages.last { $0.role == .user }?.content ?? ""
        if question == "fail" { throw Overloaded() }
        return "You said: \(question)"
    }

    func chat(_ messages: [ChatMessage], options: [String: JSONValue]) async throws -> ChatResponse {
        let text = try answer(messages)
        var response = ChatResponse(message: ChatMessage(role: .assistant, content: text))
        response.tokenUsage = TokenUsage(
            promptTokens: messages.count * 10,
            completionTokens: text.split(separator: " ").count
        )
        return response
    }

    func streamChat(
        _ messages: [ChatMessage],
        options: [String: JSONValue]
    ) -> AsyncThrowingStream<ChatResponse, any Error> {
        AsyncThrowingStream { continuation in
            do {
                var sofar = ""
                for word in try answer(messages).split(separator: " ") {
                    let delta = sofar.isEmpty ? String(word) : " " + word
                    sofar += delta
                    continuation.yield(
                        ChatResponse(message: ChatMessage(role: .assistant, content: sofar), delta: delta)
                    )
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }
}

struct UppercaseCompletionModel: CompletionModel {
    var modelDict: [String: JSONValue] { ["model": "upper-1"] }
    func complete(_ prompt: String, options: [String: JSONValue]) async throws -> CompletionResponse {
        CompletionResponse(text: prompt.uppercased())
    }
    func streamComplete(_ prompt: String, options: [String: JSONValue]) -> AsyncStream<CompletionResponse> {
        let letters = Array(prompt.uppercased())
        return AsyncStream { continuation in
            for index in letters.indices {
                continuation.yield(CompletionResponse(text: String(letters[...index]), delta: String(letters[index])))
            }
            continuation.finish()
        }
    }
}

struct LetterEmbedding: EmbeddingModel {
    var modelDict: [String: JSONValue] { ["model_name": "letters"] }
    func embed(_ texts: [String]) async throws -> [[Double]] {
        texts.map { text in [Double(text.count), Double(text.filter { "aeiou".contains($0) }.count)] }
    }
}

struct KeywordRetriever: LLMInstrumentation.Retriever {
    let documents = ["Paris is the capital of France.", "Berlin is the capital of Germany.", "Cats sleep a lot."]
    func retrieve(_ query: QueryInput) async throws -> [NodeWithScore] {
        let words = Set(query.queryText.lowercased().split(separator: " ").map(String.init))
        return documents.enumerated().compactMap { index, text in
            let hits = words.filter { text.lowercased().contains($0) }.count
            return hits == 0
                ? nil : NodeWithScore(id: "doc-\(index)", text: text, score: Double(hits) / Double(words.count))
        }
    }
}

struct LengthReranker: Reranker {
    var modelName: String { "length-rerank" }
    func rerank(_ nodes: [NodeWithScore], query: QueryInput?, topN: Int) async throws -> [NodeWithScore] {
        Array(nodes.sorted { $0.text.count < $1.text.count }.prefix(topN))
    }
}

struct ReverseTool: Tool {
    var metadata: ToolMetadata {
        ToolMetadata(name: "reverse", description: "Reverses text.", parametersSchema: ["type": "object"])
    }
    func call(arguments: String) async throws -> String { String(arguments.reversed()) }
}

@Suite("Instrumented components emit LlamaIndex's events in their spans")
struct InstrumentedComponentTests {
    @Test("a chat emits start and end events in its span, with model_dict and token usage")
    func chat() async throws {
        let (dispatcher, spans, events) = TestHierarchy().observed("components.chat")
        let model = EchoChatModel().instrumented(dispatcher: dispatcher)
        let (response, parentID) = try await dispatcher.span("agent") { () async throws -> (ChatResponse, String?) in
            (
                try await model.chat([ChatMessage(role: .user, content: "hello there")], options: ["temperature": 0.5]),
                ActiveSpanContext.activeSpanID
            )
        }
        #expect(response.message.content == "You said: hello there")
        let span = try #require(spans.completedSpans.first { $0.id.hasPrefix("EchoChatModel.chat-") })
        #expect(span.parentID == parentID)
        #expect(span.arguments.map(\.name) == ["messages", "options"])
        #expect(events.events.map(\.className) == ["LLMChatStartEvent", "LLMChatEndEvent"])
        #expect(events.events.allSatisfy { $0.spanID == span.id })
        let start = try #require(events.events(of: LLMChatStartEvent.self).first)
        #expect(start.modelDict["model"] == "echo-1")
        #expect(start.additionalKwargs == ["temperature": 0.5])
        let end = try #require(events.events(of: LLMChatEndEvent.self).first)
        #expect(end.response?.tokenUsage == TokenUsage(promptTokens: 10, completionTokens: 4))
    }

    @Test("a failing chat drops its span with SpanDropEvent and emits no end event")
    func failingChat() async throws {
        let (dispatcher, spans, events) = TestHierarchy().observed("components.failing")
        let model = EchoChatModel().instrumented(dispatcher: dispatcher)
        await #expect(throws: EchoChatModel.Overloaded.self) {
            _ = try await model.chat([ChatMessage(role: .user, content: "fail")], options: [:])
        }
        #expect(spans.droppedSpans.first?.error == "model overloaded")
        #expect(events.events.map(\.className) == ["LLMChatStartEvent", "SpanDropEvent"])
    }

    @Test("a streamed chat emits start, one in-progress event per piece, and end, all in the stream's span")
    func streamedChat() async throws {
        let (dispatcher, spans, events) = TestHierarchy().observed("components.stream")
        let model = EchoChatModel().instrumented(dispatcher: dispatcher)
        let stream = model.streamChat([ChatMessage(role: .user, content: "stream me")])
        #expect(spans.completedSpans.isEmpty, "the span is still open while the stream is unconsumed")
        var deltas: [String] = []
        for try await piece in stream { deltas.append(piece.delta ?? "") }
        #expect(deltas == ["You", " said:", " stream", " me"])
        let span = try #require(spans.completedSpans.first { $0.id.hasPrefix("EchoChatModel.streamChat-") })
        #expect(span.id == stream.spanID)
        #expect(
            events.events.map(\.className) == ["LLMChatStartEvent"]
                + Array(repeating: "LLMChatInProgressEvent", count: 4) + ["LLMChatEndEvent"]
        )
        #expect(events.events.allSatisfy { $0.spanID == span.id })
        #expect(events.events(of: LLMChatEndEvent.self).first?.response?.message.content == "You said: stream me")
    }

    @Test("completions, plain and streamed, emit their events in their spans")
    func completions() async throws {
        let (dispatcher, spans, events) = TestHierarchy().observed("components.completion")
        let model = UppercaseCompletionModel().instrumented(dispatcher: dispatcher)
        #expect(try await model.complete("abc").text == "ABC")
        var pieces: [String] = []
        for try await piece in model.streamComplete("xy") { pieces.append(piece.delta ?? "") }
        #expect(pieces == ["X", "Y"])
        let complete = try #require(
            spans.completedSpans.first { $0.id.hasPrefix("UppercaseCompletionModel.complete-") }
        )
        let stream = try #require(
            spans.completedSpans.first { $0.id.hasPrefix("UppercaseCompletionModel.streamComplete-") }
        )
        #expect(
            events.events.map(\.className) == [
                "LLMCompletionStartEvent", "LLMCompletionEndEvent",
                "LLMCompletionStartEvent", "LLMCompletionInProgressEvent", "LLMCompletionInProgressEvent",
                "LLMCompletionEndEvent",
            ]
        )
        #expect(events.events.map(\.spanID) == [complete.id, complete.id, stream.id, stream.id, stream.id, stream.id])
        #expect(events.events(of: LLMCompletionEndEvent.self).last?.response.text == "XY")
    }

    @Test("embedding, retrieval, rerank and tool calls emit their events in their spans")
    func otherComponents() async throws {
        let (dispatcher, spans, events) = TestHierarchy().observed("components.rag")
        let embedder = LetterEmbedding().instrumented(dispatcher: dispatcher)
        let retriever = KeywordRetriever().instrumented(dispatcher: dispatcher)
        let reranker = LengthReranker().instrumented(dispatcher: dispatcher)
        let tool = ReverseTool().instrumented(dispatcher: dispatcher)

        let (vectors, nodes, best, reversed, outerID) = try await dispatcher.span("agent") {
            () async throws -> ([[Double]], [NodeWithScore], [NodeWithScore], String, String?) in
            let vectors = try await embedder.embed(["cat", "capital"])
            let nodes = try await retriever.retrieve("capital France")
            let best = try await reranker.rerank(nodes, query: "capital France", topN: 1)
            let reversed = try await tool.call(arguments: #"{"text":"abc"}"#)
            return (vectors, nodes, best, reversed, ActiveSpanContext.activeSpanID)
        }
        #expect(vectors == [[3, 1], [7, 3]])
        #expect(nodes.map(\.id) == ["doc-0", "doc-1"])
        #expect(best.map(\.id) == ["doc-0"], "the shorter text ranks first")
        #expect(reversed == #"}"cba":"txet"{"#)

        let classes = events.events.map(\.className)
        #expect(
            classes == [
                "EmbeddingStartEvent", "EmbeddingEndEvent", "RetrievalStartEvent", "RetrievalEndEvent",
                "ReRankStartEvent", "ReRankEndEvent", "AgentToolCallEvent",
            ]
        )
        let prefixes = [
            "LetterEmbedding.embed-", "KeywordRetriever.retrieve-", "LengthReranker.rerank-", "ReverseTool.call-",
        ]
        let spanIDs = try prefixes.map { prefix in
            try #require(spans.completedSpans.first { $0.id.hasPrefix(prefix) }?.id)
        }
        let expectedSpans = [0, 0, 1, 1, 2, 2, 3].map { spanIDs[$0] }
        for id in spanIDs {
            #expect(
                spans.completedSpans.first { $0.id == id }?.parentID == outerID,
                "each component's span is a child of the caller's"
            )
        }
        #expect(events.events.map(\.spanID) == expectedSpans)
        #expect(events.events(of: RetrievalEndEvent.self).first?.nodes == nodes)
        #expect(events.events(of: ReRankStartEvent.self).first?.modelName == "length-rerank")
        #expect(events.events(of: AgentToolCallEvent.self).first?.tool.name == "reverse")
        #expect(events.events(of: EmbeddingEndEvent.self).first?.chunks == ["cat", "capital"])
    }

    @Test("a model that is both a chat and a completion model is wrapped once and instrumented as both")
    func chatAndCompletionModel() async throws {
        let (dispatcher, spans, events) = TestHierarchy().observed("components.both")
        let model = ChatAndCompletionModel().instrumented(dispatcher: dispatcher)
        let chat = try await model.chat([ChatMessage(role: .user, content: "hi")], options: [:])
        let completion = try await model.complete("hi", options: [:])
        #expect(chat.message.content == "You said: hi")
        #expect(completion.text == "HI")
        #expect(
            events.events.map(\.className) == [
                "LLMChatStartEvent", "LLMChatEndEvent", "LLMCompletionStartEvent", "LLMCompletionEndEvent",
            ]
        )
        #expect(events.events(of: LLMChatStartEvent.self).first?.modelDict["model"] == "both-1")
        #expect(events.events(of: LLMCompletionStartEvent.self).first?.modelDict["model"] == "both-1")
        #expect(
            spans.completedSpans.map { String($0.id.prefix { $0 != "-" }) }.sorted()
                == ["ChatAndCompletionModel.chat", "ChatAndCompletionModel.complete"]
        )
        func modelDict(ofChatModel chatModel: some ChatModel) -> [String: JSONValue] { chatModel.modelDict }
        func modelDict(ofCompletionModel completionModel: some CompletionModel) -> [String: JSONValue] {
            completionModel.modelDict
        }
        #expect(modelDict(ofChatModel: model) == ["model": "both-1"])
        #expect(modelDict(ofCompletionModel: model) == ["model": "both-1"])
    }
}

/// A model serving both chat and completion, whose requirements share the name `modelDict`.
struct ChatAndCompletionModel: ChatModel, CompletionModel {
    var modelDict: [String: JSONValue] { ["model": "both-1"] }
    func chat(_ messages: [ChatMessage], options: [String: JSONValue]) async throws -> ChatResponse {
        try await EchoChatModel().chat(messages, options: options)
    }
    func streamChat(
        _ messages: [ChatMessage],
        options: [String: JSONValue]
    ) -> AsyncThrowingStream<ChatResponse, any Error> {
        EchoChatModel().streamChat(messages, options: options)
    }
    func complete(_ prompt: String, options: [String: JSONValue]) async throws -> CompletionResponse {
        try await UppercaseCompletionModel().complete(prompt, options: options)
    }
    func streamComplete(_ prompt: String, options: [String: JSONValue]) -> AsyncStream<CompletionResponse> {
        UppercaseCompletionModel().streamComplete(prompt, options: options)
    }
}

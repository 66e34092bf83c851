import Foundation
import Testing

@testable import LLMInstrumentation
@testable import LLMInstrumentationReading

/// The built-in events against golden dumps made by the real llama-index-core 0.14.25
/// (`Tests/Fixtures/generate_builtin_events.py` writes `Tests/Fixtures/builtin-events.json`): the Swift
/// events, made with the same values, must encode to the same JSON, field by field.
@Suite("Built-in events match llama-index-core's dumps")
struct BuiltinEventGoldenTests {
    static let fixtureURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/builtin-events.json")

    static func golden() throws -> [[String: JSONValue]] {
        let data = try Data(contentsOf: fixtureURL)
        let value = try JSONDecoder().decode(JSONValue.self, from: data)
        return try #require(value.arrayValue).map { try #require($0.objectValue) }
    }

    /// The reference's base fields, as the generator set them.
    static var metadata: EventMetadata {
        EventMetadata(
            id: "event-fixed-id",
            timestamp: ISO8601Timestamp.parse("2025-01-02T03:04:05.123456")!,
            spanID: "Pipeline.answer-0000",
            tags: ["request": "r-1"]
        )
    }

    static let system = ChatMessage(role: .system, content: "You are terse.")
    static let user = ChatMessage(
        role: .user,
        blocks: [
            .text("What is in this picture?"),
            .image(ImageBlock(url: "https://example.com/cat.png", mimeType: "image/png", detail: "low")),
        ]
    )
    static let assistant = ChatMessage(
        role: .assistant,
        blocks: [
            .thinking(ThinkingBlock(content: "It looks like a cat.", tokenCount: 6)),
            .toolCall(ToolCallBlock(toolCallID: "call-1", toolName: "lookup", toolArguments: ["animal": "cat"])),
            .text("A cat."),
        ],
        additionalKwargs: ["name": "vision"]
    )
    static let usage: [String: JSONValue] = ["prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15]
    static let chatResponse = ChatResponse(
        message: assistant,
        raw: ["id": "resp-1", "model": "fake-vision"],
        delta: "cat.",
        logprobs: [[LogProbability(token: "A", logprob: -0.25, bytes: [65])]],
        additionalKwargs: usage
    )
    static let completion = CompletionResponse(
        text: "Paris",
        additionalKwargs: usage,
        raw: ["id": "c-1"],
        delta: "Paris"
    )
    /// The dump of `PromptTemplate("Answer {question} briefly.")`, which the events carry as it is.
    static let template: JSONValue = [
        "function_mappings": nil, "kwargs": [:], "metadata": ["prompt_type": "custom"], "output_parser": nil,
        "template": "Answer {question} briefly.", "template_var_mappings": nil, "template_vars": ["question"],
    ]

    static let node = NodeWithScore(
        id: "n1",
        text: "Paris is the capital of France.",
        metadata: ["source": "wiki"],
        score: 0.87
    )
    static let bundle = QueryBundle(queryStr: "capital of France?", customEmbeddingStrs: ["capital France"])
    static let answer = QueryResponse(response: "Paris", sourceNodes: [node], metadata: ["model": "fake"])
    static let tool = ToolMetadata(name: "lookup", description: "Looks an animal up.")

    /// The same events, in the generator's order.
    static var events: [any Event] {
        llmEvents + otherEvents
    }

    static var otherEvents: [any Event] {
        let metadata = Self.metadata
        return [
            EmbeddingStartEvent(modelDict: ["model_name": "letters", "embed_batch_size": 10], metadata: metadata),
            EmbeddingEndEvent(chunks: ["a cat"], embeddings: [[0.5, 0.25]], metadata: metadata),
            SparseEmbeddingStartEvent(modelDict: ["model_name": "splade"], metadata: metadata),
            SparseEmbeddingEndEvent(chunks: ["a cat"], embeddings: [[3: 0.5, 17: 1.25]], metadata: metadata),
            RetrievalStartEvent(strOrQueryBundle: "capital of France?", metadata: metadata),
            RetrievalEndEvent(strOrQueryBundle: .bundle(bundle), nodes: [node], metadata: metadata),
            QueryStartEvent(query: .bundle(bundle), metadata: metadata),
            QueryEndEvent(query: "capital of France?", response: answer, metadata: metadata),
            SynthesizeStartEvent(query: "capital of France?", metadata: metadata),
            SynthesizeEndEvent(query: "capital of France?", response: answer, metadata: metadata),
            GetResponseStartEvent(queryStr: "capital?", textChunks: ["Paris is the capital."], metadata: metadata),
            GetResponseEndEvent(metadata: metadata),
            GetMessageResponseStartEvent(queryStr: "capital?", messageChunks: [system], metadata: metadata),
            GetMessageResponseEndEvent(metadata: metadata),
            ReRankStartEvent(query: nil, nodes: [node], topN: 1, modelName: "fake-rerank", metadata: metadata),
            ReRankEndEvent(nodes: [node], metadata: metadata),
            AgentRunStepStartEvent(taskID: "task-1", step: nil, input: "find a cat", metadata: metadata),
            AgentRunStepEndEvent(stepOutput: ["output": "found"], metadata: metadata),
            AgentChatWithStepStartEvent(userMsg: "find a cat", metadata: metadata),
            AgentChatWithStepEndEvent(
                response: AgentChatResponse(response: "A cat.", sourceNodes: [node]),
                metadata: metadata
            ),
            AgentToolCallEvent(arguments: #"{"animal": "cat"}"#, tool: tool, metadata: metadata),
            StreamChatStartEvent(metadata: metadata),
            StreamChatEndEvent(metadata: metadata),
            StreamChatDeltaReceivedEvent(delta: "A c", metadata: metadata),
            ExceptionEvent(exception: "timed out after 30 s", metadata: metadata),
            StreamChatErrorEvent(exception: "timed out after 30 s", metadata: metadata),
        ]
    }

    static var llmEvents: [any Event] {
        let metadata = Self.metadata
        return [
            LLMChatStartEvent(
                messages: [system, user],
                additionalKwargs: ["temperature": 0.2],
                modelDict: ["model": "fake-vision", "context_window": 8192],
                metadata: metadata
            ),
            LLMChatInProgressEvent(messages: [system, user], response: chatResponse, metadata: metadata),
            LLMChatEndEvent(messages: [system, user], response: chatResponse, metadata: metadata),
            LLMChatEndEvent(messages: [user], response: nil, metadata: metadata),
            LLMCompletionStartEvent(
                prompt: "Capital of France?",
                additionalKwargs: [:],
                modelDict: ["model": "fake"],
                metadata: metadata
            ),
            LLMCompletionInProgressEvent(prompt: "Capital of France?", response: completion, metadata: metadata),
            LLMCompletionEndEvent(prompt: "Capital of France?", response: completion, metadata: metadata),
            LLMPredictStartEvent(template: template, templateArgs: ["question": "why"], metadata: metadata),
            LLMPredictEndEvent(output: "Because.", metadata: metadata),
            LLMStructuredPredictStartEvent(
                outputCls: "Answer",
                template: template,
                templateArgs: nil,
                metadata: metadata
            ),
            LLMStructuredPredictInProgressEvent(output: ["answer": "Bec"], metadata: metadata),
            LLMStructuredPredictEndEvent(output: ["answer": "Because."], metadata: metadata),
        ]
    }

    @Test("every built-in event encodes to the reference's dump, field by field")
    func matchesGoldenDumps() throws {
        let golden = try Self.golden()
        let events = Self.events
        #expect(golden.count == events.count)
        for (expected, event) in zip(golden, events) {
            let dump = try #require(try event.jsonValue().objectValue)
            #expect(Set(dump.keys) == Set(expected.keys), "\(event.className): fields differ")
            for (key, value) in expected where key != "timestamp" {
                #expect(dump[key] == value, "\(event.className).\(key)")
            }
            // The reference writes naive local timestamps; ours are UTC with a Z: compare instants.
            let ours = try #require(dump["timestamp"]?.stringValue.flatMap(ISO8601Timestamp.parse))
            let theirs = try #require(expected["timestamp"]?.stringValue.flatMap(ISO8601Timestamp.parse))
            #expect(abs(ours.timeIntervalSince(theirs)) < 0.000_001, "\(event.className).timestamp")
        }
    }

    @Test("error events keep the error's text, which the reference cannot dump")
    func errorEvents() throws {
        struct Timeout: Error, CustomStringConvertible { var description: String { "timed out after 30 s" } }
        for event in [ExceptionEvent(error: Timeout()) as any Event, StreamChatErrorEvent(error: Timeout())] {
            let dump = try #require(try event.jsonValue().objectValue)
            #expect(dump["exception"] == "timed out after 30 s")
            #expect(dump["class_name"] == .string(event.className))
        }
    }

    @Test("scored nodes decode back from the reference's dumps")
    func nodesRoundTrip() throws {
        let golden = try Self.golden()
        let retrieval = try #require(golden.first { $0["class_name"] == "RetrievalEndEvent" })
        let nodes = try JSONDecoder().decode([NodeWithScore].self, from: Data(retrieval["nodes"]!.jsonString().utf8))
        #expect(nodes == [Self.node])
        let query = try JSONDecoder().decode(
            QueryInput.self,
            from: Data(retrieval["str_or_query_bundle"]!.jsonString().utf8)
        )
        #expect(query == .bundle(Self.bundle))
    }

    @Test("content blocks decode back from the reference's dumps")
    func contentBlocksRoundTrip() throws {
        let golden = try Self.golden()
        let response = try #require(golden[2]["response"])
        let decoded = try JSONDecoder().decode(ChatMessage.self, from: Data(response["message"]!.jsonString().utf8))
        #expect(decoded == Self.assistant)
        let unknown = #"{"block_type": "hologram"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ContentBlock.self, from: Data(unknown.utf8)) }
    }
}

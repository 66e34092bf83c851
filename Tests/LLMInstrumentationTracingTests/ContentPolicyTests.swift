import Foundation
import InMemoryTracing
import LLMInstrumentation
import LLMInstrumentationReading
import LLMInstrumentationTracing
import Synchronization
import Testing
import Tracing

/// A chat model whose answer is marked `OUT-TEXT`, with a tool call and a raw payload as
/// OpenAI sends them.
struct MarkedChatModel: ChatModel {
    var modelDict: [String: JSONValue] { ["model": "gpt-4o"] }

    func chat(_ messages: [ChatMessage], options: [String: JSONValue]) async throws -> ChatResponse {
        var response = ChatResponse(
            message: ChatMessage(
                role: .assistant,
                blocks: [
                    .text("OUT-TEXT answer"),
                    .toolCall(ToolCallBlock(toolCallID: "c1", toolName: "out_tool", toolArguments: ["q": "OUT-ARG"])),
                ]
            ),
            raw: [
                "id": "chatcmpl-1", "model": "gpt-4o-2024-08-06",
                "choices": [
                    [
                        "index": 0, "finish_reason": "stop",
                        "message": ["role": "assistant", "content": "OUT-TEXT answer"],
                    ]
                ],
                "usage": ["prompt_tokens": 10, "completion_tokens": 3, "total_tokens": 13],
            ],
            delta: "OUT-TEXT delta"
        )
        response.tokenUsage = TokenUsage(promptTokens: 10, completionTokens: 3)
        return response
    }

    func streamChat(_ messages: [ChatMessage], options: [String: JSONValue]) -> AsyncStream<ChatResponse> {
        AsyncStream { $0.finish() }
    }
}

/// One policy's case: the environment that sets it, the markers that must not be recorded and the
/// ones that must still be.
struct ContentPolicyCase: Sendable, CustomTestStringConvertible {
    var environment: [String: String]
    var hidden: [String]
    var kept: [String]
    var testDescription: String { environment.keys.sorted().joined(separator: ",").nilIfEmpty ?? "no switch" }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

@Suite("Content policy: OpenInference's switches over the JSON-lines file and the tracing bridge")
struct ContentPolicyTests {
    static let inputs = ["IN-TEXT", "IN-ARG", "Q-TEXT", "CHUNK-TEXT", "IMG-DATA"]
    static let outputs = ["OUT-TEXT", "OUT-ARG", "DOC-TEXT"]
    static let structure = ["in_tool", "out_tool", "system", "assistant", "gpt-4o", "prompt_tokens"]

    static let cases: [ContentPolicyCase] = [
        ContentPolicyCase(environment: [:], hidden: [], kept: inputs + outputs + structure + ["0.123456"]),
        ContentPolicyCase(
            environment: ["OPENINFERENCE_HIDE_INPUTS": "true"],
            hidden: inputs + ["in_tool", "\"system\""],
            kept: outputs + ["out_tool", "assistant", "gpt-4o", "prompt_tokens", "0.123456", ContentPolicy.redacted]
        ),
        ContentPolicyCase(
            environment: ["OPENINFERENCE_HIDE_OUTPUTS": "TRUE"],
            hidden: outputs + ["out_tool"],
            kept: inputs + ["in_tool", "system", "assistant", "gpt-4o", "prompt_tokens", "0.123456"]
        ),
        ContentPolicyCase(
            environment: ["OPENINFERENCE_HIDE_INPUT_MESSAGES": "true"],
            hidden: ["IN-TEXT", "IN-ARG", "IMG-DATA", "in_tool"],
            kept: outputs + ["Q-TEXT", "CHUNK-TEXT", "out_tool", "assistant", "prompt_tokens"]
        ),
        ContentPolicyCase(
            environment: ["OPENINFERENCE_HIDE_OUTPUT_MESSAGES": "true"],
            hidden: ["OUT-TEXT", "OUT-ARG", "out_tool"],
            kept: inputs + ["DOC-TEXT", "in_tool", "system", "assistant", "prompt_tokens"]
        ),
        ContentPolicyCase(
            environment: ["OPENINFERENCE_HIDE_INPUT_TEXT": "true"],
            hidden: ["IN-TEXT", "IN-ARG", "Q-TEXT", "CHUNK-TEXT"],
            kept: outputs + structure + ["IMG-DATA"]
        ),
        ContentPolicyCase(
            environment: ["OPENINFERENCE_HIDE_OUTPUT_TEXT": "true"],
            hidden: outputs,
            kept: inputs + structure
        ),
        ContentPolicyCase(
            environment: ["OPENINFERENCE_HIDE_EMBEDDING_VECTORS": "true"],
            hidden: ["0.123456"],
            kept: inputs + outputs + structure
        ),
        ContentPolicyCase(
            environment: ["OPENINFERENCE_HIDE_INPUT_IMAGES": "true"],
            hidden: ["IMG-DATA"],
            kept: ["IN-TEXT", "IN-ARG"] + outputs + structure
        ),
        ContentPolicyCase(
            environment: ["OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH": "8"],
            hidden: ["IMG-DATA"],
            kept: ["IN-TEXT"] + outputs + structure
        ),
    ]

    /// A request with a chat call (messages with an image and a tool call), an embedding and a
    /// retrieval, all carrying markers.
    static func request(on dispatcher: Dispatcher) async throws {
        let model = MarkedChatModel().instrumented(dispatcher: dispatcher)
        let messages = [
            ChatMessage(role: .system, content: "IN-TEXT system"),
            ChatMessage(
                role: .user,
                blocks: [
                    .text("IN-TEXT question"),
                    .image(ImageBlock(base64Data: "IMG-DATA-0123456789", mimeType: "image/png")),
                    .toolCall(ToolCallBlock(toolCallID: "c0", toolName: "in_tool", toolArguments: ["q": "IN-ARG"])),
                ]
            ),
        ]
        try await dispatcher.span("request") {
            _ = try await model.chat(messages)
            dispatcher.event(EmbeddingEndEvent(chunks: ["CHUNK-TEXT"], embeddings: [[0.123456, 0.5]]))
            dispatcher.event(
                RetrievalEndEvent(
                    strOrQueryBundle: "Q-TEXT",
                    nodes: [NodeWithScore(id: "n1", text: "DOC-TEXT", score: 0.9)]
                )
            )
        }
    }

    /// Everything the bridge wrote, one `key=value` line per attribute.
    static func attributeText(_ world: TracedWorld) -> String {
        var lines: [String] = []
        for span in world.tracer.finishedSpans {
            // `SpanAttributes` is not a `Sequence`: `forEach` is its only way through.
            // swift-format-ignore: ReplaceForEachWithForLoop
            span.attributes.forEach { key, value in lines.append("\(span.operationName) \(key)=\(value)") }
        }
        return lines.joined(separator: "\n")
    }

    @Test("each switch hides what it says in the file and in the span attributes, and nothing else", arguments: cases)
    func switches(_ policyCase: ContentPolicyCase) async throws {
        let baseline = try await Self.record(ContentPolicy.recordEverything)
        let (file, attributes, world) = try await Self.record(ContentPolicy(environment: policyCase.environment))
        for marker in ["IN-TEXT", "IN-ARG", "IMG-DATA", "CHUNK-TEXT", "OUT-TEXT", "OUT-ARG", "DOC-TEXT", "0.123456"] {
            #expect(baseline.attributes.contains(marker), "the bridge writes \(marker) when nothing is hidden")
        }
        for marker in policyCase.hidden {
            #expect(!file.contains(marker), "\(marker) in the file: \(Self.lines(of: file, with: marker))")
            #expect(
                !attributes.contains(marker),
                "\(marker) in the attributes: \(Self.lines(of: attributes, with: marker))"
            )
        }
        for marker in policyCase.kept {
            #expect(file.contains(marker), "\(marker) missing from the file")
            if baseline.attributes.contains(marker) {
                #expect(attributes.contains(marker), "\(marker) missing from the attributes")
            }
        }
        let chat = try world.span("MarkedChatModel.chat")
        #expect(chat.attributes.get("llm.token_count.total") == 13, "token counts are never hidden")
        #expect(chat.attributes.get("llm.cost.total") != nil, "nor is the cost")
    }

    /// The export file and the bridge's attributes of ``request(on:)`` under `policy`.
    static func record(_ policy: ContentPolicy) async throws -> (file: String, attributes: String, world: TracedWorld) {
        let world = TracedWorld()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString).jsonl")
        let exporter = try JSONLinesExporter(url: url)
        exporter.install(on: world.dispatcher)
        world.dispatcher.contentPolicy = policy
        try await request(on: world.dispatcher)
        exporter.close()
        let contents = try JSONLinesReader.read(contentsOf: url)
        #expect(contents.problems.isEmpty, "every line stays valid JSON that reads back")
        #expect(contents.events.count == 4 && contents.spans.count == 2)
        return (try String(contentsOf: url, encoding: .utf8), attributeText(world), world)
    }

    static func lines(of text: String, with marker: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.contains(marker) }
    }

    @Test("a base64 image over 32,000 characters is left out by default; a shorter one is kept")
    func defaultImageLimit() async throws {
        let (dispatcher, events) = Self.recordingDispatcher()
        let large = String(repeating: "A", count: 32_001)
        let small = String(repeating: "B", count: 32_000)
        let messages = [
            ChatMessage(
                role: .user,
                blocks: [
                    .image(ImageBlock(base64Data: large)), .image(ImageBlock(base64Data: small)),
                    .image(ImageBlock(url: "data:image/png;base64," + large)),
                ]
            )
        ]
        dispatcher.event(LLMChatStartEvent(messages: messages, modelDict: [:]))
        let recorded = try #require(events.events.first as? LLMChatStartEvent)
        let images = recorded.messages[0].blocks.compactMap { block -> ImageBlock? in
            if case .image(let image) = block { return image }
            return nil
        }
        #expect(images.map(\.base64Data) == [ContentPolicy.redacted, small, nil])
        #expect(images[2].url == ContentPolicy.redacted)
    }

    @Test("a byte budget cuts every long text at a character boundary with a marker; the file stays valid")
    func byteBudget() async throws {
        let world = TracedWorld()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("budget-\(UUID().uuidString).jsonl")
        let exporter = try JSONLinesExporter(url: url)
        exporter.install(on: world.dispatcher)
        world.dispatcher.contentPolicy = ContentPolicy(maximumTextBytes: 10)
        let long = String(repeating: "é", count: 40)  // 80 bytes
        world.dispatcher.span("cut", arguments: ["text": long, "json": JSONValue.object(["deep": .string(long)])]) {
            world.dispatcher.event(LLMPredictEndEvent(output: long))
        }
        exporter.close()

        let expected = String(repeating: "é", count: 5) + "…[cut 70 of 80 bytes]"
        let contents = try JSONLinesReader.read(contentsOf: url)
        #expect(contents.problems.isEmpty)
        #expect((contents.events.first as? LLMPredictEndEvent)?.output == expected)
        let span = try #require(contents.spans.first)
        #expect(span.arguments["text"] == .string(expected))
        #expect(span.arguments["json"] == ["deep": .string(expected)])
        #expect(try world.span("cut").attributes.get("output.value") == .string(expected))
    }

    @Test("environment values it cannot read leave the defaults and are reported")
    func badEnvironment() {
        var problems: [String] = []
        let policy = ContentPolicy(
            environment: [
                "OPENINFERENCE_HIDE_INPUTS": "yes", "OPENINFERENCE_HIDE_OUTPUTS": " False ",
                "OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH": "-5",
            ]
        ) { problems.append($0) }
        #expect(policy == ContentPolicy.recordEverything)
        #expect(
            problems.sorted() == [
                "OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH is \"-5\", not a whole number of characters; left at 32000",
                "OPENINFERENCE_HIDE_INPUTS is \"yes\", not true or false; left at false",
            ]
        )
    }

    @Test("a dispatcher without a policy of its own uses its nearest ancestor's; nil goes back to it")
    func inheritance() {
        let registry = DispatcherRegistry()
        let parent = registry.dispatcher(named: "app")
        let child = registry.dispatcher(named: "app.rag")
        let events = RecordingEvents()
        child.addEventHandler(events)
        parent.contentPolicy = ContentPolicy(hidesOutputs: true)
        child.event(LLMPredictEndEvent(output: "secret"))
        child.contentPolicy = ContentPolicy(hidesInputs: true)
        child.event(LLMPredictEndEvent(output: "visible"))
        child.contentPolicy = nil
        child.event(LLMPredictEndEvent(output: "secret again"))
        #expect(
            events.events.compactMap { ($0 as? LLMPredictEndEvent)?.output } == [
                ContentPolicy.redacted, "visible", ContentPolicy.redacted,
            ]
        )
        #expect(child.contentPolicy == ContentPolicy(hidesOutputs: true))
    }

    static func recordingDispatcher() -> (Dispatcher, RecordingEvents) {
        let dispatcher = DispatcherRegistry().dispatcher(named: "policy")
        let events = RecordingEvents()
        dispatcher.addEventHandler(events)
        return (dispatcher, events)
    }
}

/// An event handler that keeps every event it receives, in order.
final class RecordingEvents: EventHandler {
    private let recorded = Mutex<[any Event]>([])

    func handle(_ event: some Event) {
        recorded.withLock { $0.append(event) }
    }

    var events: [any Event] { recorded.withLock { $0 } }
}

import Foundation
import InMemoryTracing
import LLMInstrumentation
import LLMInstrumentationTracing
import Testing
import Tracing

/// Each built-in event kind sets what OpenInference's LlamaIndex handler (4.6.1) sets for it, with
/// the OpenTelemetry GenAI attributes beside.
@Suite("Event attributes follow OpenInference and GenAI")
struct EventAttributeTests {
    static let question = ChatMessage(
        role: .user,
        blocks: [.text("What is in this picture?"), .image(ImageBlock(url: "http://127.0.0.1:9/cat.png"))]
    )

    @Test("chat: LLM kind, model, input and output messages, token counts, finish reason")
    func chat() throws {
        let world = TracedWorld()
        var response = ChatResponse(
            message: ChatMessage(role: .assistant, content: "A cat."),
            raw: [
                "model": "gpt-4o-2024-08-06", "id": "chatcmpl-1", "choices": [["finish_reason": "stop"]],
                "usage": [
                    "prompt_tokens": 20, "completion_tokens": 3, "total_tokens": 23,
                    "prompt_tokens_details": ["cached_tokens": 8],
                ],
            ]
        )
        response.additionalKwargs = [:]
        let messages = [ChatMessage(role: .system, content: "You are terse."), Self.question]
        let span = try world.traced { dispatcher in
            dispatcher.event(
                LLMChatStartEvent(
                    messages: messages,
                    additionalKwargs: ["max_tokens": 50],
                    modelDict: ["model": "gpt-4o", "temperature": 0.2]
                )
            )
            dispatcher.event(LLMChatEndEvent(messages: messages, response: response))
        }
        #expect(span.string("openinference.span.kind") == "LLM")
        #expect(span.string("llm.model_name") == "gpt-4o")
        #expect(span.string("llm.invocation_parameters") == #"{"max_tokens":50,"model":"gpt-4o","temperature":0.2}"#)
        #expect(span.string("llm.input_messages.0.message.role") == "system")
        #expect(span.string("llm.input_messages.0.message.content") == "You are terse.")
        #expect(span.string("llm.input_messages.1.message.role") == "user")
        #expect(span.string("llm.input_messages.1.message.content") == nil)
        #expect(span.string("llm.input_messages.1.message.contents.0.message_content.type") == "text")
        #expect(
            span.string("llm.input_messages.1.message.contents.0.message_content.text") == "What is in this picture?"
        )
        #expect(span.string("llm.input_messages.1.message.contents.1.message_content.type") == "image")
        #expect(
            span.string("llm.input_messages.1.message.contents.1.message_content.image.image.url")
                == "http://127.0.0.1:9/cat.png"
        )
        #expect(span.string("llm.output_messages.0.message.role") == "assistant")
        #expect(span.string("llm.output_messages.0.message.content") == "A cat.")
        #expect(span.string("output.value") == "assistant: A cat.")
        #expect(span.int("llm.token_count.prompt") == 20)
        #expect(span.int("llm.token_count.completion") == 3)
        #expect(span.int("llm.token_count.total") == 23)
        #expect(span.int("llm.token_count.prompt_details.cache_read") == 8)
        #expect(span.string("llm.finish_reason") == "stop")
        #expect(span.string("gen_ai.operation.name") == "chat")
        #expect(span.string("gen_ai.request.model") == "gpt-4o")
        #expect(span["gen_ai.request.temperature"] == .double(0.2))
        #expect(span.int("gen_ai.request.max_tokens") == 50)
        #expect(span.string("gen_ai.response.model") == "gpt-4o-2024-08-06")
        #expect(span.string("gen_ai.response.id") == "chatcmpl-1")
        #expect(span["gen_ai.response.finish_reasons"] == .stringArray(["stop"]))
        #expect(span.int("gen_ai.usage.input_tokens") == 20)
        #expect(span.int("gen_ai.usage.output_tokens") == 3)
        #expect(span.eventNames == ["LLMChatStartEvent", "LLMChatEndEvent"])
    }

    @Test("chat messages: names, tool calls from additional_kwargs and from tool-call blocks, tool call ids")
    func toolCallMessages() throws {
        let world = TracedWorld()
        let messages = [
            ChatMessage(
                role: .assistant,
                content: "",
                additionalKwargs: [
                    "tool_calls": [["id": "call-1", "function": ["name": "lookup", "arguments": #"{"q":"swift"}"#]]]
                ]
            ),
            ChatMessage(
                role: .tool,
                content: "Swift is a language.",
                additionalKwargs: ["tool_call_id": "call-1", "name": "lookup"]
            ),
            ChatMessage(
                role: .assistant,
                blocks: [
                    .toolCall(ToolCallBlock(toolCallID: "call-2", toolName: "count", toolArguments: ["text": "a b"]))
                ]
            ),
        ]
        let span = try world.traced { dispatcher in
            dispatcher.event(LLMChatStartEvent(messages: messages))
        }
        #expect(span.string("llm.input_messages.0.message.tool_calls.0.tool_call.id") == "call-1")
        #expect(span.string("llm.input_messages.0.message.tool_calls.0.tool_call.function.name") == "lookup")
        #expect(
            span.string("llm.input_messages.0.message.tool_calls.0.tool_call.function.arguments") == #"{"q":"swift"}"#
        )
        #expect(span.string("llm.input_messages.1.message.tool_call_id") == "call-1")
        #expect(span.string("llm.input_messages.1.message.name") == "lookup")
        #expect(span.string("llm.input_messages.2.message.tool_calls.0.tool_call.id") == "call-2")
        #expect(span.string("llm.input_messages.2.message.tool_calls.0.tool_call.function.name") == "count")
        #expect(
            span.string("llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments") == #"{"text":"a b"}"#
        )
    }

    @Test("token counts also come from additional_kwargs (TokenUsage) and Anthropic-shaped usage")
    func tokenCountSources() throws {
        let world = TracedWorld()
        var fromKwargs = ChatResponse(message: ChatMessage(role: .assistant, content: "ok"))
        fromKwargs.tokenUsage = TokenUsage(promptTokens: 5, completionTokens: 2, cachedTokens: 1)
        let first = try world.traced("kwargs") { dispatcher in
            dispatcher.event(LLMChatEndEvent(messages: [], response: fromKwargs))
        }
        #expect(first.int("llm.token_count.prompt") == 5)
        #expect(first.int("llm.token_count.completion") == 2)
        #expect(first.int("llm.token_count.total") == 7)
        #expect(first.int("llm.token_count.prompt_details.cache_read") == 1)

        let anthropic = ChatResponse(
            message: ChatMessage(role: .assistant, content: "ok"),
            raw: [
                "stop_reason": "end_turn",
                "usage": [
                    "input_tokens": 10, "output_tokens": 4, "cache_read_input_tokens": 6,
                    "cache_creation_input_tokens": 2,
                ],
            ]
        )
        let second = try world.traced("anthropic") { dispatcher in
            dispatcher.event(LLMChatEndEvent(messages: [], response: anthropic))
        }
        #expect(second.int("llm.token_count.prompt") == 18)
        #expect(second.int("llm.token_count.completion") == 4)
        #expect(second.int("llm.token_count.prompt_details.cache_read") == 6)
        #expect(second.int("llm.token_count.prompt_details.cache_write") == 2)
        #expect(second.string("llm.finish_reason") == "end_turn")
    }

    @Test("completion: LLM kind, the prompt in llm.prompts, the text as output")
    func completion() throws {
        let world = TracedWorld()
        let span = try world.traced { dispatcher in
            dispatcher.event(LLMCompletionStartEvent(prompt: "Say hi", modelDict: ["model": "text-1"]))
            dispatcher.event(
                LLMCompletionEndEvent(
                    prompt: "Say hi",
                    response: CompletionResponse(text: "hi", additionalKwargs: ["finish_reason": "length"])
                )
            )
        }
        #expect(span.string("openinference.span.kind") == "LLM")
        #expect(span["llm.prompts"] == .stringArray(["Say hi"]))
        #expect(span.string("output.value") == "hi")
        #expect(span.string("llm.finish_reason") == "length")
        #expect(span.string("gen_ai.operation.name") == "text_completion")
        #expect(span.string("gen_ai.request.model") == "text-1")
    }

    @Test("predict: LLM kind, prompt template and its variables, the output")
    func predict() throws {
        let world = TracedWorld()
        let template: JSONValue = [
            "template": "Answer {question} briefly in {language}.", "template_vars": ["question", "language"],
            "kwargs": ["language": "English"],
        ]
        let span = try world.traced { dispatcher in
            dispatcher.event(
                LLMPredictStartEvent(template: template, templateArgs: ["question": "why", "unused": "x"])
            )
            dispatcher.event(LLMPredictEndEvent(output: "Because."))
        }
        #expect(span.string("openinference.span.kind") == "LLM")
        #expect(span.string("llm.prompt_template.template") == "Answer {question} briefly in {language}.")
        #expect(span.string("llm.prompt_template.variables") == #"{"language":"English","question":"why"}"#)
        #expect(span.string("output.value") == "Because.")
    }

    @Test("structured predict: LLM kind, the output as JSON")
    func structuredPredict() throws {
        let world = TracedWorld()
        let span = try world.traced { dispatcher in
            dispatcher.event(LLMStructuredPredictStartEvent(outputCls: "Answer", template: "Answer {q}"))
            dispatcher.event(LLMStructuredPredictInProgressEvent(output: ["answer": "Be"]))
            dispatcher.event(LLMStructuredPredictEndEvent(output: ["answer": "Because."]))
        }
        #expect(span.string("openinference.span.kind") == "LLM")
        #expect(span.string("output.value") == #"{"answer":"Because."}"#)
        #expect(span.string("output.mime_type") == "application/json")
        #expect(
            span.eventNames == [
                "LLMStructuredPredictStartEvent", "First Token Stream Event", "LLMStructuredPredictEndEvent",
            ]
        )
    }

    @Test("embedding: EMBEDDING kind, model name, each text with its vector, no output from the result")
    func embedding() async throws {
        let world = TracedWorld()
        let model = LetterModel().instrumented(dispatcher: world.dispatcher)
        _ = try await model.embed(["ab", "c"])
        _ = try await model.embed(["d"])
        let spans = world.finished("LetterModel.embed")
        #expect(spans.count == 2)
        let span = spans[0]
        #expect(span.string("openinference.span.kind") == "EMBEDDING")
        #expect(span.string("embedding.model_name") == "letters-2")
        #expect(span.string("embedding.embeddings.0.embedding.text") == "ab")
        #expect(span["embedding.embeddings.0.embedding.vector"] == .doubleArray([2, 1]))
        #expect(span.string("embedding.embeddings.1.embedding.text") == "c")
        #expect(span["embedding.embeddings.1.embedding.vector"] == .doubleArray([1, 1]))
        #expect(span.string("embedding.embeddings.2.embedding.text") == nil)
        #expect(span.string("output.value") == nil)
        #expect(span.string("gen_ai.operation.name") == "embeddings")
        #expect(span.string("gen_ai.request.model") == "letters-2")
        #expect(spans[1].string("embedding.embeddings.0.embedding.text") == "d")
    }

    @Test("sparse embedding: vectors as JSON objects; several end events number on")
    func sparseEmbedding() throws {
        let world = TracedWorld()
        let span = try world.traced { dispatcher in
            dispatcher.event(SparseEmbeddingStartEvent(modelDict: ["model_name": "splade"]))
            dispatcher.event(SparseEmbeddingEndEvent(chunks: ["a"], embeddings: [[3: 0.5]]))
            dispatcher.event(SparseEmbeddingEndEvent(chunks: ["b"], embeddings: [[7: 1.0]]))
        }
        #expect(span.string("openinference.span.kind") == "EMBEDDING")
        #expect(span.string("embedding.model_name") == "splade")
        #expect(span.string("embedding.embeddings.0.embedding.vector") == #"{"3":0.5}"#)
        #expect(span.string("embedding.embeddings.1.embedding.text") == "b")
        #expect(span.string("embedding.embeddings.1.embedding.vector") == #"{"7":1.0}"#)
    }

    @Test("retrieval: RETRIEVER kind, the query as plain-text input, the documents")
    func retrieval() async throws {
        let world = TracedWorld()
        let retriever = ListRetriever().instrumented(dispatcher: world.dispatcher)
        _ = try await retriever.retrieve("what is swift")
        let span = try world.span("ListRetriever.retrieve")
        #expect(span.string("openinference.span.kind") == "RETRIEVER")
        #expect(span.string("input.value") == "what is swift")
        #expect(span.string("input.mime_type") == nil)
        #expect(span.string("retrieval.documents.0.document.id") == "n1")
        #expect(span.string("retrieval.documents.0.document.content") == "Swift is a language.")
        #expect(span["retrieval.documents.0.document.score"] == .double(0.9))
        #expect(span.string("retrieval.documents.0.document.metadata") == #"{"source":"book"}"#)
        #expect(span.string("retrieval.documents.1.document.id") == "n2")
        #expect(span["retrieval.documents.1.document.score"] == nil)
        #expect(span.string("retrieval.documents.1.document.metadata") == nil)
        #expect(span.string("retrieval.documents.2.document.id") == nil)
    }

    @Test("a query bundle with more than its text is JSON input, without its embedding")
    func queryBundle() throws {
        let world = TracedWorld()
        let bundle = QueryBundle(queryStr: "cats", imagePath: "/tmp/cat.png", embedding: [0.1, 0.2])
        let span = try world.traced { dispatcher in
            dispatcher.event(RetrievalStartEvent(strOrQueryBundle: .bundle(bundle)))
        }
        #expect(span.string("input.value") == #"{"image_path":"/tmp/cat.png","query_str":"cats"}"#)
        #expect(span.string("input.mime_type") == "application/json")
        let plain = try world.traced("plain") { dispatcher in
            dispatcher.event(
                RetrievalStartEvent(strOrQueryBundle: .bundle(QueryBundle(queryStr: "dogs", embedding: [0.3])))
            )
        }
        #expect(plain.string("input.value") == "dogs")
        #expect(plain.string("input.mime_type") == nil)
    }

    @Test("rerank: RERANKER kind, query, top k, model, input and output documents")
    func rerank() async throws {
        let world = TracedWorld()
        let reranker = FirstReranker().instrumented(dispatcher: world.dispatcher)
        let nodes = [NodeWithScore(id: "a", text: "A", score: 0.1), NodeWithScore(id: "b", text: "B", score: 0.7)]
        _ = try await reranker.rerank(nodes, query: "which", topN: 1)
        let span = try world.span("FirstReranker.rerank")
        #expect(span.string("openinference.span.kind") == "RERANKER")
        #expect(span.string("reranker.query") == "which")
        #expect(span.int("reranker.top_k") == 1)
        #expect(span.string("reranker.model_name") == "first-1")
        #expect(span.string("reranker.input_documents.0.document.id") == "a")
        #expect(span.string("reranker.input_documents.1.document.id") == "b")
        #expect(span.string("reranker.output_documents.0.document.id") == "b")
        #expect(span.string("reranker.output_documents.1.document.id") == nil)
        #expect(span.string("input.value") == "which")
    }

    @Test("tool call: TOOL kind, name, description, parameters; GenAI execute_tool")
    func toolCall() async throws {
        let world = TracedWorld()
        let tool = CountTool().instrumented(dispatcher: world.dispatcher)
        _ = try await tool.call(arguments: #"{"text":"a b c"}"#)
        let span = try world.span("CountTool.call")
        #expect(span.string("openinference.span.kind") == "TOOL")
        #expect(span.string("tool.name") == "count_words")
        #expect(span.string("tool.description") == "Counts words.")
        #expect(span.string("tool.parameters") == #"{"properties":{"text":{"type":"string"}},"type":"object"}"#)
        #expect(span.string("gen_ai.operation.name") == "execute_tool")
        #expect(span.string("gen_ai.tool.name") == "count_words")
        #expect(span.string("gen_ai.tool.call.arguments") == #"{"text":"a b c"}"#)
        #expect(span.string("output.value") == "3")
        #expect(span.events.first?.attributes.get("tool.name") == .string("count_words"))

        let bare = try world.traced("bare") { dispatcher in
            dispatcher.event(
                AgentToolCallEvent(arguments: "x", tool: ToolMetadata(name: "echo", description: "Echoes."))
            )
        }
        #expect(
            bare.string("tool.parameters")
                == #"{"properties":{"input":{"title":"input query string","type":"string"}},"required":["input"],"type":"object"}"#
        )
    }

    @Test("agent steps: AGENT kind, the step's input as text, the chat's response as output")
    func agentSteps() throws {
        let world = TracedWorld()
        let step = try world.traced("step") { dispatcher in
            dispatcher.event(AgentRunStepStartEvent(taskID: "t1", input: "find a cat"))
            dispatcher.event(AgentRunStepEndEvent(stepOutput: ["output": "found"]))
        }
        #expect(step.string("openinference.span.kind") == "AGENT")
        #expect(step.string("input.value") == "find a cat")
        #expect(step.string("input.mime_type") == nil)
        #expect(step.string("gen_ai.operation.name") == "invoke_agent")
        #expect(step.eventNames == ["AgentRunStepStartEvent", "AgentRunStepEndEvent"])

        let chat = try world.traced("chat") { dispatcher in
            dispatcher.event(AgentChatWithStepStartEvent(userMsg: "hello agent"))
            dispatcher.event(AgentChatWithStepEndEvent(response: AgentChatResponse(response: "hello human")))
        }
        #expect(chat.string("openinference.span.kind") == "AGENT")
        #expect(chat.string("input.value") == "hello agent")
        #expect(chat.string("output.value") == "hello human")
    }

    @Test("query and synthesis: CHAIN kind, query in, response out")
    func queryAndSynthesis() throws {
        let world = TracedWorld()
        let query = try world.traced("query") { dispatcher in
            dispatcher.event(QueryStartEvent(query: "what is swift"))
            dispatcher.event(QueryEndEvent(query: "what is swift", response: QueryResponse(response: "A language.")))
        }
        #expect(query.string("openinference.span.kind") == "CHAIN")
        #expect(query.string("input.value") == "what is swift")
        #expect(query.string("output.value") == "A language.")

        let synthesis = try world.traced("synthesize") { dispatcher in
            dispatcher.event(SynthesizeStartEvent(query: "why"))
            dispatcher.event(GetResponseStartEvent(queryStr: "why, really", textChunks: ["because"]))
            dispatcher.event(GetResponseEndEvent())
            dispatcher.event(SynthesizeEndEvent(query: "why", response: QueryResponse(response: "Because.")))
        }
        #expect(synthesis.string("openinference.span.kind") == "CHAIN")
        #expect(synthesis.string("input.value") == "why, really")
        #expect(synthesis.string("output.value") == "Because.")

        let message = try world.traced("message") { dispatcher in
            dispatcher.event(GetMessageResponseStartEvent(queryStr: "hi", messageChunks: []))
            dispatcher.event(GetMessageResponseEndEvent())
        }
        #expect(message.string("input.value") == "hi")
    }

    @Test("exceptions: an exception event is a span event with its message; a stream error is recorded")
    func exceptions() throws {
        let world = TracedWorld()
        let span = try world.traced { dispatcher in
            dispatcher.event(ExceptionEvent(exception: "rate limited"))
            dispatcher.event(StreamChatStartEvent())
            dispatcher.event(StreamChatErrorEvent(exception: "connection reset"))
            dispatcher.event(StreamChatEndEvent())
        }
        #expect(
            span.eventNames == ["ExceptionEvent", "StreamChatStartEvent", "StreamChatErrorEvent", "StreamChatEndEvent"]
        )
        #expect(span.events[0].attributes.get("exception.message") == .string("rate limited"))
        #expect(span.errors.map { String(describing: $0.error) } == ["connection reset"])
        #expect(span.string("openinference.span.kind") == "LLM")
        #expect(span.status?.code == .ok)
    }

    @Test("the first event that implies a kind decides it")
    func firstKindWins() throws {
        let world = TracedWorld()
        let span = try world.traced { dispatcher in
            dispatcher.event(RetrievalStartEvent(strOrQueryBundle: "q"))
            dispatcher.event(LLMChatStartEvent(messages: []))
        }
        #expect(span.string("openinference.span.kind") == "RETRIEVER")
    }

    @Test("the kind is set on the tracer's span as soon as it is known")
    func kindWhileOpen() throws {
        let world = TracedWorld()
        world.dispatcher.span("step") {
            world.dispatcher.event(EmbeddingStartEvent(modelDict: [:]))
            let open = world.tracer.activeSpans.first { $0.operationName == "step" }
            #expect(open?.attributes.get("openinference.span.kind") == .string("EMBEDDING"))
        }
    }

    @Test("an LLM span's provider is guessed from its model type's name, as the Python handler falls back to")
    func provider() async throws {
        let world = TracedWorld()
        let model = OpenAIScriptedModel().instrumented(dispatcher: world.dispatcher)
        _ = try await model.chat([ChatMessage(role: .user, content: "hi")])
        let span = try world.span("OpenAIScriptedModel.chat")
        #expect(span.string("llm.provider") == "openai")
        #expect(span.string("llm.system") == "openai")
        #expect(span.string("gen_ai.provider.name") == "openai")
        #expect(span.string("input.value")?.hasPrefix(#"{"messages":[{"additional_kwargs":{},"blocks":"#) == true)
        #expect(span.string("output.value") == "assistant: hello")
        #expect(span.int("llm.token_count.total") == 4)
    }

    @Test("a pipeline of instrumented components: kinds and parents as Phoenix shows them")
    func pipeline() async throws {
        let world = TracedWorld()
        let dispatcher = world.dispatcher
        let retriever = ListRetriever().instrumented(dispatcher: dispatcher)
        let reranker = FirstReranker().instrumented(dispatcher: dispatcher)
        let llm = ScriptedChatModel(pieces: ["Swift ", "is ", "a language."]).instrumented(dispatcher: dispatcher)
        let answer = try await dispatcher.span("query", arguments: ["question": "what is swift"]) {
            () async throws -> String in
            let nodes = try await retriever.retrieve("what is swift")
            let best = try await reranker.rerank(nodes, query: "what is swift", topN: 1)
            let response = try await llm.chat([ChatMessage(role: .user, content: best[0].text)])
            return response.message.content ?? ""
        }
        #expect(answer == "Swift is a language.")
        let query = try world.span("query")
        #expect(query.string("openinference.span.kind") == "CHAIN")
        #expect(query.string("input.value") == #"{"question":"what is swift"}"#)
        #expect(query.string("output.value") == "Swift is a language.")
        for name in ["ListRetriever.retrieve", "FirstReranker.rerank", "ScriptedChatModel.chat"] {
            #expect(try world.span(name).parentSpanID == query.spanID)
        }
        #expect(try world.span("ScriptedChatModel.chat").string("openinference.span.kind") == "LLM")
    }
}

struct LetterModel: EmbeddingModel {
    var modelDict: [String: JSONValue] { ["model_name": "letters-2"] }
    func embed(_ texts: [String]) async throws -> [[Double]] {
        texts.map { [Double($0.count), 1] }
    }
}

struct ListRetriever: Retriever {
    func retrieve(_ query: QueryInput) async throws -> [NodeWithScore] {
        [
            NodeWithScore(id: "n1", text: "Swift is a language.", metadata: ["source": "book"], score: 0.9),
            NodeWithScore(id: "n2", text: "Swifts are birds."),
        ]
    }
}

struct FirstReranker: Reranker {
    var modelName: String { "first-1" }
    func rerank(_ nodes: [NodeWithScore], query: QueryInput?, topN: Int) async throws -> [NodeWithScore] {
        Array(nodes.sorted { ($0.score ?? 0) > ($1.score ?? 0) }.prefix(topN))
    }
}

struct CountTool: Tool {
    var metadata: ToolMetadata {
        ToolMetadata(
            name: "count_words",
            description: "Counts words.",
            parametersSchema: ["type": "object", "properties": ["text": ["type": "string"]], "title": "CountInput"]
        )
    }
    func call(arguments: String) async throws -> String {
        "3"
    }
}

struct OpenAIScriptedModel: ChatModel {
    var modelDict: [String: JSONValue] { ["model": "gpt-4o-mini"] }
    func chat(_ messages: [ChatMessage], options: [String: JSONValue]) async throws -> ChatResponse {
        var response = ChatResponse(message: ChatMessage(role: .assistant, content: "hello"))
        response.tokenUsage = TokenUsage(promptTokens: 3, completionTokens: 1)
        return response
    }
    func streamChat(
        _ messages: [ChatMessage],
        options: [String: JSONValue]
    ) -> AsyncThrowingStream<ChatResponse, any Error> {
        AsyncThrowingStream { $0.finish() }
    }
}

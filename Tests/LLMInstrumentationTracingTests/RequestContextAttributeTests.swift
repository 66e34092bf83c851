import InMemoryTracing
import LLMInstrumentation
import LLMInstrumentationTracing
import Testing
import Tracing

@Suite("The request context as OpenInference and GenAI attributes")
struct RequestContextAttributeTests {
    @Test(
        "session.id, user.id, tag.tags, the prompt template, gen_ai.conversation.id; metadata holds the plain tags and the request's metadata"
    )
    func attributes() throws {
        let world = TracedWorld()
        withInstrumentTags(["region": "eu"]) {
            withRequestContext(
                session: "chat-42",
                user: "alice",
                metadata: ["plan": "pro"],
                labels: ["beta", "rag"],
                promptTemplate: "Answer {question}",
                promptVariables: ["question": "why?"],
                promptVersion: "v3"
            ) {
                world.dispatcher.span("request") {}
            }
        }
        let span = try world.span("request")
        #expect(span.attributes.get("session.id") == .string("chat-42"))
        #expect(span.attributes.get("gen_ai.conversation.id") == .string("chat-42"))
        #expect(span.attributes.get("user.id") == .string("alice"))
        #expect(span.attributes.get("tag.tags") == .stringArray(["beta", "rag"]))
        #expect(span.attributes.get("llm.prompt_template.template") == .string("Answer {question}"))
        #expect(span.attributes.get("llm.prompt_template.variables") == .string(#"{"question":"why?"}"#))
        #expect(span.attributes.get("llm.prompt_template.version") == .string("v3"))
        #expect(span.attributes.get("metadata") == .string(#"{"plan":"pro","region":"eu"}"#))
        #expect(span.attributes.get("region") == .string("eu"))
    }

    @Test(
        "a session id, user id or labels of the wrong type (from JSON restored elsewhere) are left out with a warning"
    )
    func wrongTypes() throws {
        let world = TracedWorld()
        withInstrumentTags(["session.id": 42, "user.id": ["alice"], "tag.tags": [1, 2], "metadata": "plain"]) {
            world.dispatcher.span("request") {}
        }
        let span = try world.span("request")
        for key in ["session.id", "user.id", "tag.tags", "gen_ai.conversation.id", "metadata"] {
            #expect(span.attributes.get(key) == nil, "\(key)")
        }
        let warnings = world.bridgeLogs.entries.map(\.message.description)
        #expect(warnings.contains("The request context's session.id is not a string; left out of the span"))
        #expect(warnings.contains("The request context's user.id is not a string; left out of the span"))
        #expect(warnings.contains("The request context's tag.tags is not a list of strings; left out of the span"))
        #expect(warnings.contains("The request context's metadata is not an object; left out of the span"))
    }

    @Test("a prediction through a PromptTemplate: the chat span under it shows the template, its variables and version")
    func promptTemplate() async throws {
        let world = TracedWorld()
        let model = ScriptedChatModel(pieces: ["It ", "is."]).instrumented(dispatcher: world.dispatcher)
        let template = PromptTemplate(
            messages: [
                ChatMessage(role: .system, content: "Use {context}"), ChatMessage(role: .user, content: "{question}"),
            ],
            version: "v7"
        )
        for try await _ in model.streamPredict(template, ["context": "docs", "question": "why?"]) {}
        let chat = try world.span("ScriptedChatModel.streamChat")
        let predict = try world.span("ScriptedChatModel.streamPredict")
        #expect(chat.parentSpanID == predict.spanID)
        for span in [chat, predict] {
            #expect(
                span.attributes.get("llm.prompt_template.template")
                    == .string("system: Use {context}\nuser: {question}")
            )
            #expect(
                span.attributes.get("llm.prompt_template.variables")
                    == .string(#"{"context":"docs","question":"why?"}"#)
            )
            #expect(span.attributes.get("llm.prompt_template.version") == .string("v7"))
        }
        #expect(chat.attributes.get("openinference.span.kind") == .string("LLM"))
    }

    @Test("an LLM span whose end event has a cost gets llm.cost.prompt, .completion and .total; without one, none")
    func cost() async throws {
        let world = TracedWorld()
        let model = ScriptedChatModel(
            pieces: ["It ", "is."],
            usage: TokenUsage(promptTokens: 2000, completionTokens: 300)
        )
        .instrumented(dispatcher: world.dispatcher)
        _ = try await model.chat([], options: ["model": "gpt-4o-mini"])
        for try await _ in model.streamChat([], options: [:]) {}
        let priced = try world.span("ScriptedChatModel.chat")
        let prompt = try #require(priced.attributes.get("llm.cost.prompt")?.toSpanAttribute())
        let completion = try #require(priced.attributes.get("llm.cost.completion")?.toSpanAttribute())
        let total = try #require(priced.attributes.get("llm.cost.total")?.toSpanAttribute())
        guard case .double(let promptCost) = prompt, case .double(let completionCost) = completion,
            case .double(let totalCost) = total
        else {
            Issue.record("the costs are not numbers: \(prompt), \(completion), \(total)")
            return
        }
        #expect(abs(promptCost - 2000 * 0.15 / 1e6) < 1e-12)
        #expect(abs(completionCost - 300 * 0.6 / 1e6) < 1e-12)
        #expect(abs(totalCost - (promptCost + completionCost)) < 1e-12)
        let unpriced = try world.span("ScriptedChatModel.streamChat")
        #expect(unpriced.attributes.get("llm.token_count.prompt") != nil)
        #expect(unpriced.attributes.get("llm.cost.total") == nil, "scripted-1 has no price")
    }
}

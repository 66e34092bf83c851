import Foundation
import LLMInstrumentationReading
import Testing

@testable import LLMInstrumentation

@Suite("Prompt templates: formatting, errors, and prediction with the reference's predict events")
struct PromptTemplateTests {
    static let chatTemplate = PromptTemplate(
        messages: [
            ChatMessage(role: .system, content: "Answer from {context}; braces as {{this}}."),
            ChatMessage(role: .user, content: "{question}"),
        ],
        version: "v2"
    )

    @Test("a text template fills in its variables, keeps escaped braces and ignores values nobody asks for")
    func text() throws {
        let template = PromptTemplate("Q: {question} / {context} / {question} {{ok}}")
        #expect(template.variableNames == ["question", "context"])
        let text = try template.format(["question": "why?", "context": "docs", "unused": "x"])
        #expect(text == "Q: why? / docs / why? {ok}")
        #expect(
            try template.formatMessages(["question": "a", "context": "b"]) == [
                ChatMessage(role: .user, content: "Q: a / b / a {ok}")
            ]
        )
    }

    @Test("a chat template fills in each message's text, keeping roles; as text it is role: text lines")
    func messages() throws {
        let template = Self.chatTemplate
        #expect(template.variableNames == ["context", "question"])
        #expect(template.text == "system: Answer from {context}; braces as {{this}}.\nuser: {question}")
        let messages = try template.formatMessages(["context": "the docs", "question": "why?"])
        #expect(
            messages == [
                ChatMessage(role: .system, content: "Answer from the docs; braces as {this}."),
                ChatMessage(role: .user, content: "why?"),
            ]
        )
        #expect(
            try template.format(["context": "c", "question": "q"])
                == "system: Answer from c; braces as {this}.\nuser: q"
        )
    }

    @Test("a missing variable and an unmatched or misused brace are errors that say what is wrong")
    func errors() {
        #expect(throws: PromptTemplateError(kind: .missingVariables(["context"]))) {
            try Self.chatTemplate.format(["question": "q"])
        }
        for (text, offset) in [("ab {open", 3), ("close } here", 6), ("{not a name}", 0), ("{}", 0), ("é{", 2)] {
            let template = PromptTemplate(text)
            #expect(throws: PromptTemplateError(kind: .unmatchedBrace(offset: offset)), "\(text)") {
                try template.format([:])
            }
            #expect(template.variableNames.isEmpty)
        }
        let error = PromptTemplateError(kind: .missingVariables(["a", "b"]))
        #expect(error.description == "the prompt template's variables a, b have no value")
    }

    @Test("the dump is LlamaIndex's PromptTemplate / ChatPromptTemplate shape, the version in its metadata")
    func dump() throws {
        let text = PromptTemplate("Hi {name}").modelDump.objectValue ?? [:]
        #expect(text["template"] == "Hi {name}")
        #expect(text["template_vars"] == ["name"])
        #expect(text["metadata"] == ["prompt_type": "custom"])
        #expect(
            Set(text.keys) == [
                "metadata", "template_vars", "kwargs", "output_parser", "template_var_mappings", "function_mappings",
                "template",
            ]
        )
        let chat = Self.chatTemplate.modelDump.objectValue ?? [:]
        #expect(chat["metadata"] == ["prompt_type": "custom", "version": "v2"])
        let first = try #require(chat["message_templates"]?.arrayValue?.first?.objectValue)
        #expect(first["role"] == "system")
        #expect(chat["template"] == nil)
    }

    @Test(
        "predict and streamPredict: a span with the predict events around the chat span, the template in the export file"
    )
    func predictExported() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("predict-\(UUID().uuidString).jsonl")
        let dispatcher = TestHierarchy().dispatcher("predict")
        let exporter = try JSONLinesExporter(url: url)
        exporter.install(on: dispatcher)
        let model = EchoChatModel().instrumented(dispatcher: dispatcher)
        let variables = ["context": "the docs", "question": "why?"]

        let answer = try await model.predict(Self.chatTemplate, variables)
        var streamed = ""
        for try await piece in model.streamPredict(Self.chatTemplate, variables) {
            streamed = piece.message.content ?? streamed
        }
        await #expect(throws: PromptTemplateError(kind: .missingVariables(["question"]))) {
            try await model.predict(Self.chatTemplate, ["context": "c"])
        }
        exporter.close()

        #expect(answer == "You said: why?")
        #expect(streamed == answer)
        let contents = try JSONLinesReader.read(contentsOf: url)
        #expect(contents.problems.isEmpty)
        let spans = Dictionary(grouping: contents.spans, by: \.name)
        let predict = try #require(spans["EchoChatModel.predict"]?.first { $0.error == nil })
        let streamPredict = try #require(spans["EchoChatModel.streamPredict"]?.first)
        #expect(spans["EchoChatModel.chat"]?.first?.parentID == predict.id)
        #expect(spans["EchoChatModel.streamChat"]?.first?.parentID == streamPredict.id)
        #expect(spans["EchoChatModel.predict"]?.contains { $0.error?.contains("question") == true } == true)
        let expectedTags: [String: JSONValue] = [
            "llm.prompt_template.template": .string(Self.chatTemplate.text),
            "llm.prompt_template.variables": ["context": "the docs", "question": "why?"],
            "llm.prompt_template.version": "v2",
        ]
        for name in ["EchoChatModel.chat", "EchoChatModel.streamChat"] {
            #expect(spans[name]?.first?.tags == expectedTags, "\(name)")
        }
        for spanID in [predict.id, streamPredict.id] {
            let events = contents.events.filter { $0.metadata.spanID == spanID }
            let start = try #require(events.first as? LLMPredictStartEvent)
            #expect(start.template == Self.chatTemplate.modelDump)
            #expect(start.templateArgs == ["context": "the docs", "question": "why?"])
            #expect((events.last as? LLMPredictEndEvent)?.output == answer)
        }
    }
}

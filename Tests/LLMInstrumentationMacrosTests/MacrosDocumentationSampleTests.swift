import LLMInstrumentationMacros
import Testing

// The code of Sources/LLMInstrumentationMacros/LLMInstrumentationMacros.docc, compiled and run
// (`DocumentationSnippetTests` checks that the catalog's blocks stand here line for line). The
// samples use the shared registry under the name "MyMacroApp", which no other test uses.

let answerDispatcher = Dispatcher.named("MyMacroApp.answers")

enum FAQError: Error {
    case emptyQuestion
}

@Spanned(dispatcher: answerDispatcher)
func embed(_ texts: [String]) -> [[Double]] {
    texts.map { text in [Double(text.count)] }
}

@Instrumented(dispatcher: answerDispatcher)
final class FAQAnswerer {
    func answer(_ question: String, @SpanIgnored apiKey: String) throws -> String {
        guard !question.isEmpty else { throw FAQError.emptyQuestion }
        return "Swift is a general-purpose programming language."
    }

    @Spanned("lookUp", dispatcher: answerDispatcher)
    func cachedAnswer(for question: String) -> String? {
        nil
    }

    @NotSpanned
    func cacheKey(_ question: String) -> String {
        question.lowercased()
    }
}

@Suite("The macros documentation's samples")
struct MacrosDocumentationSampleTests {
    @Test("@Spanned and @Instrumented span what the article says, and nothing else")
    func spannedAndInstrumented() throws {
        let spans = SimpleSpanHandler()
        Dispatcher.named("MyMacroApp").addSpanHandler(spans)
        let probe = ProbeSpanHandler()
        Dispatcher.named("MyMacroApp").addSpanHandler(probe)

        let answerer = FAQAnswerer()
        #expect(embed(["Swift"]) == [[5]])
        #expect(try answerer.answer("What is Swift?", apiKey: "sk-secret").hasPrefix("Swift"))
        #expect(answerer.cachedAnswer(for: "What is Swift?") == nil)
        #expect(answerer.cacheKey("Swift") == "swift")
        #expect(throws: FAQError.self) { try answerer.answer("", apiKey: "sk-secret") }

        #expect(spans.completedSpans.map(\.name) == ["embed", "FAQAnswerer.answer", "FAQAnswerer.lookUp"])
        #expect(probe.completedSpans.map(\.argumentNames) == [["texts"], ["question"], ["question"]])
        #expect(!probe.completedSpans.flatMap(\.argumentValues).contains("sk-secret"))
        #expect(spans.droppedSpans.map(\.name) == ["FAQAnswerer.answer"])
    }
}

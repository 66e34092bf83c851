import LLMInstrumentation
import LLMInstrumentationMacros
import Testing

// The README's spellings of a named dispatcher, in the shared registry under names of their own.

@Spanned(dispatcher: .named("MacroSpelling.rag"))
func retrieveBySpelling(_ query: String) -> [String] {
    [query, query.uppercased()]
}

@Instrumented(dispatcher: .named("MacroSpelling.agent"))
struct SpellingAgent {
    func step(_ input: String) -> String { input + "!" }
}

@Spanned("spelled", dispatcher: Dispatcher.named("MacroSpelling.rag"))
func spelledInFull() -> Int { 7 }

@Suite("@Spanned(dispatcher:) takes the README's spellings")
struct DispatcherSpellingTests {
    @Test("dispatcher: .named(...) compiles, on @Spanned and @Instrumented, and the spans go there")
    func implicitMemberSpelling() async throws {
        let rag = Dispatcher.named("MacroSpelling.rag")
        let agent = Dispatcher.named("MacroSpelling.agent")
        let ragSpans = ProbeSpanHandler()
        let agentSpans = ProbeSpanHandler()
        let ragID = rag.addSpanHandler(ragSpans)
        let agentID = agent.addSpanHandler(agentSpans)
        defer {
            rag.removeHandler(ragID)
            agent.removeHandler(agentID)
        }
        #expect(retrieveBySpelling("q") == ["q", "Q"])
        #expect(spelledInFull() == 7)
        #expect(SpellingAgent().step("go") == "go!")
        let ragNames = ragSpans.completedSpans.map { $0.id.split(separator: "-").first.map(String.init) }
        #expect(ragNames == ["retrieveBySpelling", "spelled"])
        #expect(agentSpans.completedSpans.map(\.result) == ["go!"])
        #expect(agentSpans.completedSpans.first?.id.hasPrefix("SpellingAgent.step-") == true)
    }
}

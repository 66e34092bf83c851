import LLMInstrumentation
import LLMInstrumentationMacros
import Testing

@Suite("@Spanned and @Instrumented at run time")
struct SpannedRuntimeTests {
    @Test("a sync free function: id, arguments, result")
    func syncFunction() async throws {
        let report = await probe { add(2, to: 3) }
        #expect(report.result == 5)
        let span = try #require(report.span("add"))
        #expect(span.argumentNames == ["a", "b"])
        #expect(span.argumentValues == ["2", "3"])
        #expect(span.result == "5")
        #expect(span.parentID == nil)
    }

    @Test("a parameter named like a secret is masked before any handler sees it")
    func secretParametersAreMasked() async throws {
        let report = await probe { callModel(prompt: "hi", apiKey: "sk-live-1", api_token: "t-2") }
        let span = try #require(report.span("callModel"))
        #expect(span.argumentNames == ["prompt", "apiKey", "api_token"])
        #expect(span.argumentValues == ["hi", "[REDACTED]", "t-2"])
    }

    @Test("a throwing function: the span is dropped, SpanDropEvent is emitted, the error is rethrown")
    func throwingFunction() async throws {
        let report = await probe { () -> Bool in
            do {
                _ = try checkedDivide(1, by: 0)
                return false
            } catch {
                return String(describing: error) == "DivisionByZero()"
            }
        }
        #expect(report.result)
        let span = try #require(report.span("checkedDivide"))
        #expect(span.error == "DivisionByZero()")
        #expect(report.drops.map(\.spanID) == [span.id])
        #expect(report.drops.first?.errorDescription == "DivisionByZero()")

        let ok = await probe { try? checkedDivide(9, by: 3) }
        #expect(ok.result == 3)
        #expect(ok.span("checkedDivide")?.result == "3")
    }

    @Test("typed throws keep their error type")
    func typedThrows() async throws {
        let report = await probe { () -> QuotaExceeded? in
            do throws(QuotaExceeded) {
                _ = try spend(10, limit: 5)
                return nil
            } catch {
                return error
            }
        }
        #expect(report.result == QuotaExceeded(limit: 5))
        #expect(report.span("spend")?.error == "quota of 5 exceeded")
    }

    @Test("async and async throws functions, with an explicit span name")
    func asyncFunctions() async throws {
        let report = await probe { () async -> (String, String?, String?) in
            let title = await fetchTitle(id: 7)
            let ok = try? await fetchOrFail(id: 1)
            let failed = try? await fetchOrFail(id: -1)
            return (title, ok, failed)
        }
        #expect(report.result.0 == "title-7")
        #expect(report.result.1 == "ok-1")
        #expect(report.result.2 == nil)
        #expect(report.span("fetchTitle")?.result == "title-7")
        let named = report.spans.filter { $0.id.hasPrefix("fetch-or-fail-") }
        #expect(named.count == 2)
        #expect(named.filter(\.isDropped).count == 1)
        #expect(report.drops.count == 1)
    }

    @Test("generic, inout, opaque-result, defer and several returns")
    func functionForms() async throws {
        let log = Log()
        let report = await probe { () -> (Int?, Int, Double, [String]) in
            var value = 21
            double(&value)
            let shape = makeShape(side: 3)
            let classes = [classify(-1, log: log), classify(0, log: log), classify(5, log: log)]
            return (largest(of: [3, 9, 4]), value, shape.area, classes)
        }
        #expect(report.result.0 == 9)
        #expect(report.result.1 == 42)
        #expect(report.result.2 == 9)
        #expect(report.result.3 == ["negative", "zero", "positive"])
        #expect(log.lines == ["classified -1", "classified 0", "classified 5"], "defer runs inside the span")
        #expect(report.span("largest")?.argumentValues == ["[3, 9, 4]"])
        #expect(report.span("largest")?.result == "Optional(9)")
        #expect(report.span("double")?.argumentValues == ["21"], "inout is captured by value at entry")
        #expect(report.span("makeShape")?.result == "Square(side: 3.0)")
        #expect(
            report.spans.filter { $0.id.hasPrefix("classify-") }.compactMap(\.result) == [
                "negative", "zero", "positive",
            ]
        )
    }

    @Test("@SpanIgnored parameters and non-escaping closures stay out of the arguments")
    func ignoredArguments() async throws {
        let report = await probe { () -> (Bool, Int) in
            (authenticate(user: "ada", password: "hunter22"), apply({ $0 + 1 }, to: 41))
        }
        #expect(report.result == (true, 42))
        let login = try #require(report.span("authenticate"))
        #expect(login.argumentNames == ["user"])
        #expect(!login.argumentValues.contains("hunter22"))
        #expect(report.span("apply")?.argumentNames == ["value"])
    }

    @Test("methods of classes, subclasses, structs (mutating), enums and static methods")
    func methods() async throws {
        let report = await probe { () -> Int in
            _ = Tokenizer().tokenize("a b")
            _ = SubwordTokenizer().tokenize("c d")
            var accumulator = Accumulator()
            _ = accumulator.add(2)
            let total = accumulator.add(3)
            _ = Mode.careful.budget()
            _ = Tokenizer.vocabularySize(language: "en")
            _ = SubwordTokenizer.vocabularySize(language: "fr")
            return total
        }
        #expect(report.result == 5)
        #expect(report.span("Tokenizer.tokenize")?.result == #"["a", "b"]"#)
        #expect(report.span("SubwordTokenizer.tokenize")?.result == #"["c", "d"]"#, "the runtime type names the span")
        #expect(report.spans.filter { $0.id.hasPrefix("Accumulator.add-") }.compactMap(\.result) == ["2", "5"])
        #expect(report.span("Mode.budget")?.result == "10")
        #expect(report.span("Tokenizer.vocabularySize")?.argumentNames == ["language"])
        #expect(report.span("SubwordTokenizer.vocabularySize")?.result == "30000")
    }

    @Test("parents link across sync inside async inside an actor method")
    func actorNesting() async throws {
        let agent = Agent()
        let report = await probe { try? await agent.run(task: "book flight") }
        #expect(report.result == "plan|for|book|flight")
        let run = try #require(report.span("Agent.run"))
        let plan = try #require(report.span("Agent.plan"))
        let tokenize = try #require(report.span("Tokenizer.tokenize"))
        #expect(run.parentID == nil)
        #expect(plan.parentID == run.id)
        #expect(tokenize.parentID == run.id)
        #expect(run.argumentNames == ["task"])
        #expect(await agent.steps == 1)
    }

    @Test("a @MainActor method runs on the main actor inside its span")
    @MainActor
    func mainActorMethod() async throws {
        let screen = Screen()
        let report = await probe { await screen.render(frame: 1) }
        #expect(report.result == 1)
        #expect(report.span("Screen.render")?.argumentValues == ["1"])
    }

    @Test("@Instrumented spans every method once, skips @NotSpanned, and keeps one span with @Spanned")
    func instrumentedType() async throws {
        let pipeline = Pipeline()
        let report = await probe { () -> (String?, String) in
            (try? await pipeline.run("Hello"), pipeline.cacheKey("x") + pipeline.label)
        }
        #expect(report.result.0 == "answer to hello")
        #expect(report.result.1 == "key:xpipeline")
        let run = try #require(report.span("Pipeline.run"))
        let normalize = try #require(report.span("Pipeline.normalize"))
        let answer = try #require(report.span("Pipeline.answer"), "exactly one span for a method with both")
        #expect(normalize.parentID == run.id)
        #expect(answer.parentID == run.id)
        #expect(report.spans.count == 3, "cacheKey is @NotSpanned, label is a computed property")

        let failing = await probe { try? await pipeline.run("") }
        #expect(failing.result == nil)
        #expect(failing.span("Pipeline.run")?.isDropped == true)
        #expect(failing.span("Pipeline.answer")?.isDropped == true)
        #expect(failing.drops.count == 2)
    }

    @Test("@Instrumented on a conforming extension spans the protocol's implementation")
    func instrumentedConformance() async throws {
        let summarizer: any Summarizer = FirstSentenceSummarizer()
        let report = await probe { summarizer.summarize("First. Second.") }
        #expect(report.result == "First")
        #expect(report.span("FirstSentenceSummarizer.summarize")?.argumentNames == ["text"])
    }

    @Test("without a dispatcher argument, spans go to the calling module's dispatcher")
    func moduleDispatcher() async throws {
        let moduleDispatcher = Dispatcher.named("LLMInstrumentationMacrosTests")
        #expect(Dispatcher.forModule() === moduleDispatcher)
        let spans = ProbeSpanHandler()
        let handlerID = moduleDispatcher.addSpanHandler(spans)
        defer { moduleDispatcher.removeHandler(handlerID) }
        let marker = JSONValue.string("module-default")
        let (shout, value) = withInstrumentTags(["probe": marker]) { ("abc".shouted(), moduleDefault(marker: "m")) }
        #expect(shout == "ABC")
        #expect(value == "m")
        let mine = spans.completedSpans.filter { $0.tags["probe"] == marker }
        #expect(mine.map { $0.id.split(separator: "-").first.map(String.init) } == ["String.shouted", "moduleDefault"])
    }
}

import Synchronization
import Testing

@testable import LLMInstrumentation

/// Counts how often the arguments of a manual span call were evaluated.
final class EvaluationCounter: Sendable {
    let count = Atomic<Int>(0)

    func arguments() -> BoundArguments {
        count.add(1, ordering: .relaxed)
        return ["query": "What is Swift?"]
    }

    func parentID() -> String? {
        count.add(1, ordering: .relaxed)
        return "parent-1"
    }

    func tags() -> [String: JSONValue] {
        count.add(1, ordering: .relaxed)
        return ["user": "alice"]
    }
}

@Suite("The manual span API when nobody listens")
struct ManualSpanLazinessTests {
    @Test("nothing a manual span call is given is evaluated when nobody listens")
    func nothingIsEvaluatedWhenNobodyListens() {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("manual.quiet")
        let counter = EvaluationCounter()
        dispatcher.spanEnter(
            id: "manual-1",
            boundArguments: counter.arguments(),
            parentID: counter.parentID(),
            tags: counter.tags()
        )
        dispatcher.spanExit(id: "manual-1", boundArguments: counter.arguments())
        dispatcher.spanDrop(id: "manual-2", boundArguments: counter.arguments(), error: TestError(message: "x"))
        #expect(counter.count.load(ordering: .relaxed) == 0)
    }

    @Test("arguments are not built or redacted for span handlers that do not read them")
    func argumentsAreBuiltOnlyForHandlersThatReadThem() throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("manual.simple")
        let spans = SimpleSpanHandler()
        dispatcher.addSpanHandler(spans)
        let counter = EvaluationCounter()
        dispatcher.spanEnter(id: "manual-1", boundArguments: counter.arguments(), parentID: counter.parentID())
        dispatcher.spanExit(id: "manual-1", boundArguments: counter.arguments())
        // The parent is needed; the arguments (twice) are not.
        #expect(counter.count.load(ordering: .relaxed) == 1)
        let span = try #require(spans.completedSpans.first)
        #expect(span.parentID == "parent-1")
    }

    @Test("a handler that reads arguments gets them, redacted, with the given parent and tags")
    func listeningHandlersGetEverything() throws {
        let hierarchy = TestHierarchy()
        let (dispatcher, spans, _) = hierarchy.observed("manual.recorded")
        let counter = EvaluationCounter()
        dispatcher.spanEnter(
            id: "manual-1",
            boundArguments: ["query": "q", "apiKey": "secret"],
            parentID: counter.parentID(),
            tags: counter.tags()
        )
        dispatcher.spanExit(id: "manual-1", result: "done")
        let span = try #require(spans.completedSpans.first)
        #expect(span.parentID == "parent-1")
        #expect(span.tags == ["user": "alice"])
        #expect(span.result == "done")
        #expect(!span.arguments.contains { $0.value.contains("secret") })
        #expect(counter.count.load(ordering: .relaxed) == 2)
    }
}

import Testing

@testable import LLMInstrumentation

class Retriever {
    let dispatcher: Dispatcher
    init(dispatcher: Dispatcher) { self.dispatcher = dispatcher }

    func retrieve(query: String, topK: Int) -> [String] {
        dispatcher.span("retrieve", instance: self, arguments: ["query": query, "topK": topK]) {
            (0..<topK).map { "\(query)-doc\($0)" }
        }
    }

    func retrieveAsync(query: String) async -> String {
        await dispatcher.span("retrieveAsync", instance: self, arguments: ["query": query]) {
            await Task.yield()
            return "async:\(query)"
        }
    }
}

final class RerankingRetriever: Retriever {}

actor Counter {
    let dispatcher: Dispatcher
    var value = 0
    init(dispatcher: Dispatcher) { self.dispatcher = dispatcher }

    func increment(by amount: Int) async -> Int {
        await dispatcher.span("increment", instance: self, arguments: ["amount": amount]) { () async -> Int in
            await Task.yield()
            value += amount
            return value
        }
    }
}

@Suite("Spans")
struct SpanTests {
    @Test("a function span records its name, arguments and result")
    func functionSpan() throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("spans.function")
        let spans = RecordingSpanHandler()
        dispatcher.addSpanHandler(spans)

        func add(_ a: Int, _ b: Int) -> Int {
            dispatcher.span("add", arguments: ["a": a, "b": b]) { a + b }
        }
        #expect(add(2, 3) == 5)

        let span = try #require(spans.completedSpans.first)
        #expect(span.id.hasPrefix("add-"))
        #expect(span.id.count == "add-".count + 36)
        #expect(span.arguments.map(\.name) == ["a", "b"])
        #expect(span.arguments.map(\.value) == ["2", "3"])
        #expect(span.instanceTypeName == nil)
        #expect(span.result == "5")
        #expect(span.parentID == nil)
        #expect(dispatcher.statistics.openSpanCount == 0)
    }

    @Test("the default span name is the calling function's, without argument labels")
    func defaultName() throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("spans.default")
        let spans = RecordingSpanHandler()
        dispatcher.addSpanHandler(spans)

        func summarize(text: String) -> Int {
            dispatcher.span(arguments: ["text": text]) { text.count }
        }
        _ = summarize(text: "hello")
        let span = try #require(spans.completedSpans.first)
        #expect(span.id.hasPrefix("summarize-"))
    }

    @Test("a method span records the instance type, arguments and result")
    func methodSpan() throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("spans.method")
        let spans = RecordingSpanHandler()
        dispatcher.addSpanHandler(spans)

        let documents = Retriever(dispatcher: dispatcher).retrieve(query: "swift", topK: 2)
        #expect(documents == ["swift-doc0", "swift-doc1"])

        let span = try #require(spans.completedSpans.first)
        #expect(span.id.hasPrefix("Retriever.retrieve-"))
        #expect(span.instanceTypeName == "Retriever")
        #expect(span.arguments.map(\.name) == ["query", "topK"])
        #expect(span.arguments.map(\.value) == ["swift", "2"])
        #expect(span.result == #"["swift-doc0", "swift-doc1"]"#)
    }

    @Test("an async function span records arguments and result")
    func asyncFunctionSpan() async throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("spans.asyncFunction")
        let spans = RecordingSpanHandler()
        dispatcher.addSpanHandler(spans)

        let value = await dispatcher.span("fetch", arguments: ["url": "http://127.0.0.1:9"]) { () async -> Int in
            await Task.yield()
            return 200
        }
        #expect(value == 200)
        let span = try #require(spans.completedSpans.first)
        #expect(span.id.hasPrefix("fetch-"))
        #expect(span.arguments.map(\.value) == ["http://127.0.0.1:9"])
        #expect(span.result == "200")
    }

    @Test("an async method span records the instance type, arguments and result")
    func asyncMethodSpan() async throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("spans.asyncMethod")
        let spans = RecordingSpanHandler()
        dispatcher.addSpanHandler(spans)

        let answer = await Retriever(dispatcher: dispatcher).retrieveAsync(query: "actors")
        #expect(answer == "async:actors")
        let span = try #require(spans.completedSpans.first)
        #expect(span.id.hasPrefix("Retriever.retrieveAsync-"))
        #expect(span.instanceTypeName == "Retriever")
        #expect(span.arguments.map(\.name) == ["query"])
        #expect(span.result == "async:actors")
    }

    @Test("an actor method span runs on the actor and records its result")
    func actorMethodSpan() async throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("spans.actor")
        let spans = RecordingSpanHandler()
        dispatcher.addSpanHandler(spans)

        let counter = Counter(dispatcher: dispatcher)
        #expect(await counter.increment(by: 2) == 2)
        #expect(await counter.increment(by: 3) == 5)
        #expect(spans.completedSpans.map(\.result) == ["2", "5"])
        #expect(spans.completedSpans.allSatisfy { $0.id.hasPrefix("Counter.increment-") })
    }

    @Test("span ids use the runtime type of a subclass instance")
    func subclassTypeName() throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("spans.subclass")
        let spans = RecordingSpanHandler()
        dispatcher.addSpanHandler(spans)

        let retriever: Retriever = RerankingRetriever(dispatcher: dispatcher)
        _ = retriever.retrieve(query: "q", topK: 1)
        let span = try #require(spans.completedSpans.first)
        #expect(span.id.hasPrefix("RerankingRetriever.retrieve-"))
        #expect(span.instanceTypeName == "RerankingRetriever")
    }

    @Test("a throwing sync span is dropped with its arguments, emits SpanDropEvent and rethrows")
    func throwingSyncSpan() throws {
        let (dispatcher, spans, events) = TestHierarchy().observed("spans.throwing")

        #expect(throws: TestError(message: "index offline")) {
            try dispatcher.span("search", arguments: ["query": "swift"]) { () throws(TestError) -> Int in
                throw TestError(message: "index offline")
            }
        }
        #expect(spans.completedSpans.isEmpty)
        let dropped = try #require(spans.droppedSpans.first)
        #expect(dropped.id.hasPrefix("search-"))
        #expect(dropped.arguments.map(\.name) == ["query"])
        #expect(dropped.error == "index offline")
        #expect(dispatcher.statistics.openSpanCount == 0)

        let dropEvent = try #require(events.events(of: SpanDropEvent.self).first)
        #expect(dropEvent.spanID == dropped.id)
        #expect(dropEvent.errorDescription == "index offline")
    }

    @Test("typed throws keep their type through a span")
    func typedThrows() {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("spans.typed")
        dispatcher.addSpanHandler(RecordingSpanHandler())
        do {
            _ = try dispatcher.span("work") { () throws(TestError) -> Int in throw TestError(message: "typed") }
        } catch {
            let typed: TestError = error
            #expect(typed.message == "typed")
        }
    }

    @Test("a throwing async span is dropped with its arguments, emits SpanDropEvent and rethrows")
    func throwingAsyncSpan() async throws {
        let (dispatcher, spans, events) = TestHierarchy().observed("spans.throwingAsync")

        await #expect(throws: TestError(message: "timeout")) {
            try await dispatcher.span("complete", arguments: ["prompt": "hi"]) { () async throws -> String in
                await Task.yield()
                throw TestError(message: "timeout")
            }
        }
        let dropped = try #require(spans.droppedSpans.first)
        #expect(dropped.id.hasPrefix("complete-"))
        #expect(dropped.arguments.map(\.value) == ["hi"])
        #expect(dropped.error == "timeout")
        let dropEvent = try #require(events.events(of: SpanDropEvent.self).first)
        #expect(dropEvent.spanID == dropped.id)
        #expect(dropEvent.errorDescription == "timeout")
    }

    @Test("nested spans link to their parent, and events carry the active span's id")
    func nestingAndEventSpanIDs() throws {
        let (dispatcher, spans, events) = TestHierarchy().observed("spans.nested")

        dispatcher.event(DocumentIndexedEvent(documentID: "outside", chunkCount: 0))
        dispatcher.span("outer") {
            dispatcher.event(DocumentIndexedEvent(documentID: "in-outer", chunkCount: 1))
            dispatcher.span("inner") {
                dispatcher.event(DocumentIndexedEvent(documentID: "in-inner", chunkCount: 2))
            }
        }
        let outer = try #require(spans.completedSpans.first { $0.id.hasPrefix("outer-") })
        let inner = try #require(spans.completedSpans.first { $0.id.hasPrefix("inner-") })
        #expect(outer.parentID == nil)
        #expect(inner.parentID == outer.id)

        let byDocument = Dictionary(
            uniqueKeysWithValues: events.events(of: DocumentIndexedEvent.self).map { ($0.documentID, $0.spanID) }
        )
        #expect(byDocument["outside"] == .some(nil))
        #expect(byDocument["in-outer"] == outer.id)
        #expect(byDocument["in-inner"] == inner.id)
    }

    @Test("with only an event handler, events still carry the span id")
    func spanIDsWithoutSpanHandlers() throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("spans.eventsOnly")
        let events = RecordingEventHandler()
        dispatcher.addEventHandler(events)
        var seenID: String?
        dispatcher.span("work") {
            seenID = ActiveSpanContext.activeSpanID
            dispatcher.event(DocumentIndexedEvent(documentID: "d", chunkCount: 1))
        }
        let event = try #require(events.events(of: DocumentIndexedEvent.self).first)
        #expect(event.spanID == seenID)
        #expect(seenID?.hasPrefix("work-") == true)
    }

    @Test("arguments are not evaluated and no span is made when nobody listens")
    func nothingWhenNobodyListens() {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("spans.silent")
        var evaluations = 0
        func expensiveArguments() -> BoundArguments {
            evaluations += 1
            return ["payload": "large"]
        }
        let result = dispatcher.span("quiet", arguments: expensiveArguments()) {
            ActiveSpanContext.activeSpanID
        }
        #expect(result == nil)
        #expect(evaluations == 0)

        dispatcher.addEventHandler(RecordingEventHandler())
        _ = dispatcher.span("events-only", arguments: expensiveArguments()) { 1 }
        #expect(evaluations == 0, "event handlers never see arguments, so they are not built")

        dispatcher.addSpanHandler(RecordingSpanHandler())
        _ = dispatcher.span("listened", arguments: expensiveArguments()) { 1 }
        #expect(evaluations == 1)
    }

    @Test("manual spanEnter / spanExit / spanDrop reach the span handlers")
    func manualSpans() throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("spans.manual")
        let spans = RecordingSpanHandler()
        dispatcher.addSpanHandler(spans)

        let first = Dispatcher.makeSpanID("load(path:)", instance: Retriever(dispatcher: dispatcher))
        #expect(first.hasPrefix("Retriever.load-"))
        dispatcher.spanEnter(id: first, boundArguments: ["path": "/tmp/a"])
        dispatcher.spanEnter(id: first, boundArguments: ["path": "ignored"])
        #expect(dispatcher.statistics.openSpanCount == 1, "entering an open id again does nothing")
        dispatcher.spanExit(id: first, result: 42)

        let second = Dispatcher.makeSpanID("parse")
        dispatcher.spanEnter(id: second, parentID: first)
        dispatcher.spanDrop(id: second, error: TestError(message: "bad syntax"))

        #expect(spans.completedSpans.map(\.id) == [first])
        #expect(spans.completedSpans.first?.result == "42")
        #expect(spans.completedSpans.first?.arguments.map(\.value) == ["/tmp/a"])
        #expect(spans.droppedSpans.map(\.id) == [second])
        #expect(spans.droppedSpans.first?.parentID == first)
        #expect(spans.droppedSpans.first?.error == "bad syntax")
        #expect(dispatcher.statistics.openSpanCount == 0)
    }

    @Test("a non-Sendable result reaches span handlers as its text")
    func nonSendableResult() throws {
        final class Draft: CustomStringConvertible {
            var text = "draft v1"
            var description: String { text }
        }
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("spans.nonSendable")
        let spans = RecordingSpanHandler()
        dispatcher.addSpanHandler(spans)
        let draft = dispatcher.span("write") { Draft() }
        #expect(draft.text == "draft v1")
        #expect(spans.completedSpans.first?.result == "draft v1")
    }
}

import Foundation
import LLMInstrumentation
import Synchronization
import Testing

// The code of the articles in Sources/LLMInstrumentation/LLMInstrumentation.docc, compiled and run.
// `DocumentationSnippetTests` checks that every Swift block of every catalog stands here (or in
// another *DocumentationSampleTests.swift) line for line, so an article cannot drift from code
// that works. Only public API is used: this file imports the module without `@testable`.
//
// The samples use the shared registry under the names "MyApp" and "MyLibrary", which no other
// test uses; the suite is serialized, and each test looks only at handlers it added itself.

// MARK: Getting started

let ragDispatcher = Dispatcher.named("MyApp.rag")

struct CacheHitEvent: Event {
    var key: String
    var metadata = EventMetadata()
}

final class MyRetriever: Sendable {
    func retrieve(_ query: String) -> [String] {
        ragDispatcher.span("retrieve", instance: self, arguments: ["query": query]) {
            ragDispatcher.event(CacheHitEvent(key: query))
            return ["Swift is a general-purpose programming language."]
        }
    }
}

// MARK: Writing an event handler

/// The seed's `MyEventHandler`: prints the kind of every event.
struct MyEventHandler: EventHandler {
    func handle(_ event: some Event) {
        print(event.className)
    }
}

/// The seed's `ExampleEventHandler`: writes what every event has, then what the LLM chat events
/// carry, and keeps every event.
final class ExampleEventHandler: EventHandler {
    private let received = Mutex<[any Event]>([])
    private let write: @Sendable (String) -> Void

    /// Creates the handler; `write` gets each line (by default, `print`).
    init(write: @escaping @Sendable (String) -> Void = { print($0) }) {
        self.write = write
    }

    /// Every event handled, in order.
    var events: [any Event] { received.withLock { $0 } }

    func handle(_ event: some Event) {
        write("-----------------------")
        // all events have these attributes
        write(event.id)
        write(ISO8601Timestamp.format(event.timestamp))
        write(event.spanID ?? "no span")

        // event-specific attributes
        switch event {
        case let start as LLMChatStartEvent:
            // initial
            write(start.messages.compactMap(\.content).joined(separator: "\n"))
            write(JSONValue.object(start.additionalKwargs).jsonString())
            write(JSONValue.object(start.modelDict).jsonString())
        case let progress as LLMChatInProgressEvent:
            // streaming
            write(progress.response.delta ?? "")
        case let end as LLMChatEndEvent:
            // final response
            write(end.response?.message.content ?? "no response")
        default:
            break
        }

        received.withLock { $0.append(event) }
        write("-----------------------")
    }
}

/// The seed's `MyEvent`: a custom event, its own fields beside the shared ones.
struct DocumentChunkedEvent: Event {
    var documentID: String
    var chunkCount: Int
    var metadata = EventMetadata()
}

// MARK: Writing a span handler

/// The seed's `MyCustomSpan`: the three fields every span has, and fields of its own.
struct MyCustomSpan: InstrumentationSpan {
    var id: String
    var parentID: String?
    var tags: [String: JSONValue]
    /// What the span covers: `"MyRetriever.retrieve"`.
    var name: String
    /// The names of the spanned call's arguments.
    var argumentNames: [String]
    /// How the span ended; set by the end hooks.
    var outcome: Outcome = .open

    enum Outcome: Sendable, Equatable {
        case open
        case completed(result: String, duration: Duration)
        case dropped(error: String, duration: Duration)
    }
}

/// The seed's `MyCustomSpanHandler`: makes a `MyCustomSpan` for every span entered, records how
/// it ended, and keeps the finished ones.
final class MyCustomSpanHandler: SpanHandler {
    private let finished = Mutex<[MyCustomSpan]>([])

    /// The spans that ended, completed or dropped, in the order they ended.
    var finishedSpans: [MyCustomSpan] { finished.withLock { $0 } }

    /// Creates a span; returning `nil` would ignore this one.
    func newSpan(_ entry: SpanEntry) -> MyCustomSpan? {
        MyCustomSpan(
            id: entry.id,
            parentID: entry.parentID,
            tags: entry.tags,
            name: entry.name,
            argumentNames: entry.boundArguments.names
        )
    }

    /// The span's call returned: record its result and how long it took.
    func prepareToExitSpan(_ span: MyCustomSpan, exit: SpanExit) {
        var span = span
        let result = exit.result.map { String(describing: $0) } ?? "nothing"
        span.outcome = .completed(result: result, duration: exit.timing.duration)
        finished.withLock { $0.append(span) }
    }

    /// The span's call threw: record the error and how long it took.
    func prepareToDropSpan(_ span: MyCustomSpan, drop: SpanDrop) {
        var span = span
        span.outcome = .dropped(error: String(describing: drop.error), duration: drop.timing.duration)
        finished.withLock { $0.append(span) }
    }
}

// MARK: Instrumenting your own library

let searchDispatcher = Dispatcher.named("MyLibrary.search")

enum SearchError: Error {
    case emptyQuery
}

final class KeywordIndex: Sendable {
    let documents: [String]

    init(documents: [String]) {
        self.documents = documents
    }

    func search(_ query: String, topK: Int) throws -> [String] {
        try searchDispatcher.span("search", instance: self, arguments: ["query": query, "topK": topK]) {
            guard !query.isEmpty else { throw SearchError.emptyQuery }
            let matches = documents.filter { $0.localizedCaseInsensitiveContains(query) }
            return Array(matches.prefix(topK))
        }
    }

    func validate(_ document: String) -> Bool {
        let id = Dispatcher.makeSpanID("validate", instance: self)
        searchDispatcher.spanEnter(id: id, boundArguments: ["document": document], instance: self)
        guard !document.isEmpty else {
            searchDispatcher.spanDrop(id: id, instance: self, error: SearchError.emptyQuery)
            return false
        }
        searchDispatcher.spanExit(id: id, instance: self, result: document.count)
        return true
    }
}

// MARK: Streams

func streamAnswer(to question: String) -> SpannedStream<AsyncStream<String>> {
    let pieces = AsyncStream<String> { continuation in
        for piece in ["Swift", " is", " fast."] { continuation.yield(piece) }
        continuation.finish()
    }
    return ragDispatcher.span(
        streaming: pieces,
        "streamAnswer",
        arguments: ["question": question],
        collectingElements: true
    ) { piece, chunk in
        ragDispatcher.event(StreamChatDeltaReceivedEvent(delta: piece, metadata: EventMetadata(spanID: chunk.spanID)))
    }
}

// MARK: The tests

@Suite("The documentation's samples", .serialized)
struct DocumentationSampleTests {
    @Test("getting started: a span with its event and tags, kept by SimpleSpanHandler")
    func gettingStarted() throws {
        let spans = SimpleSpanHandler()
        Dispatcher.named("MyApp").addSpanHandler(spans)
        Dispatcher.named("MyApp").addEventHandler(MyEventHandler())

        let documents = withInstrumentTags(["request_id": "r-42"]) {
            MyRetriever().retrieve("What is Swift?")
        }
        spans.printTraceTrees()

        #expect(documents == ["Swift is a general-purpose programming language."])
        let span = try #require(spans.completedSpans.last)
        #expect(span.name == "MyRetriever.retrieve")
        #expect(span.tags["request_id"] == "r-42")
        #expect(spans.traceTreesDescription().contains("MyRetriever.retrieve-"))
    }

    @Test("the seed's ExampleEventHandler writes every event's base fields and the chat events' payloads")
    func exampleEventHandler() throws {
        let lines = Mutex<[String]>([])
        let handler = ExampleEventHandler { line in lines.withLock { $0.append(line) } }
        let llmDispatcher = Dispatcher.named("MyApp.llm")
        llmDispatcher.addEventHandler(handler)

        let question = ChatMessage(role: .user, content: "What is Swift?")
        let answer = ChatResponse(message: ChatMessage(role: .assistant, content: "A language."), delta: "A language.")
        let spanID = llmDispatcher.span("chat") { () -> String? in
            llmDispatcher.event(LLMChatStartEvent(messages: [question], modelDict: ["model": "m1"]))
            llmDispatcher.event(LLMChatInProgressEvent(messages: [question], response: answer))
            llmDispatcher.event(LLMChatEndEvent(messages: [question], response: answer))
            return ActiveSpanContext.activeSpanID
        }
        llmDispatcher.event(DocumentChunkedEvent(documentID: "doc-1", chunkCount: 3))

        let events = handler.events
        #expect(
            events.map(\.className) == [
                "LLMChatStartEvent", "LLMChatInProgressEvent", "LLMChatEndEvent", "DocumentChunkedEvent",
            ]
        )
        let written = lines.withLock { $0 }
        #expect(written.count == 4 * 5 + 5)
        #expect(written.filter { $0 == "-----------------------" }.count == 8)
        #expect(written[1] == events[0].id)
        #expect(written[3] == spanID)
        #expect(written.contains("What is Swift?"))
        #expect(written.contains(#"{"model":"m1"}"#))
        #expect(written.contains("A language."))
        #expect(written[written.count - 2] == "no span")
    }

    @Test("a custom event dumps its own fields in snake_case beside the shared ones")
    func customEvent() throws {
        let event = DocumentChunkedEvent(documentID: "doc-1", chunkCount: 3)
        guard case .object(let dump) = try event.jsonValue() else {
            Issue.record("the event did not dump as an object")
            return
        }
        #expect(dump["document_id"] == "doc-1")
        #expect(dump["chunk_count"] == 3)
        #expect(dump["class_name"] == "DocumentChunkedEvent")
        #expect(dump["id_"] == .string(event.id))
    }

    @Test("the seed's MyCustomSpanHandler, in Swift, records completed and dropped spans with their parents")
    func myCustomSpanHandler() throws {
        let mySpanHandler = MyCustomSpanHandler()
        Dispatcher.named("MyApp").addSpanHandler(mySpanHandler)

        let index = KeywordIndex(documents: ["Swift is fast.", "Python is popular."])
        let (outerID, found) = try ragDispatcher.span("answer") { () throws -> (String?, [String]) in
            (ActiveSpanContext.activeSpanID, try index.search("swift", topK: 1))
        }
        #expect(found == ["Swift is fast."])
        #expect(throws: SearchError.self) {
            try ragDispatcher.span("answer") { try index.search("", topK: 1) }
        }

        #expect(Dispatcher.named("MyApp").spanHandlerNames.contains("MyCustomSpanHandler"))
        // The searches are spans of MyLibrary's dispatcher, which does not propagate to MyApp's.
        let spans = mySpanHandler.finishedSpans
        #expect(spans.map(\.name) == ["answer", "answer"])
        let completed = try #require(spans.first)
        #expect(completed.id.hasPrefix("answer-"))
        #expect(completed.id == outerID)
        #expect(completed.parentID == nil)
        guard case .completed(let result, let duration) = completed.outcome else {
            Issue.record("the first span did not complete: \(completed.outcome)")
            return
        }
        #expect(result.contains("Swift is fast."))
        #expect(duration >= .zero)
        guard case .dropped(let error, _) = spans[1].outcome else {
            Issue.record("the second span was not dropped: \(spans[1].outcome)")
            return
        }
        #expect(error == "emptyQuery")
    }

    @Test("a library's dispatcher: scoped and manual spans, with a drop, under its own name")
    func instrumentingALibrary() throws {
        let librarySpans = MyCustomSpanHandler()
        Dispatcher.named("MyLibrary").addSpanHandler(librarySpans)

        let index = KeywordIndex(documents: ["Swift is fast.", "Swift is safe.", "Python is popular."])
        let found = try index.search("swift", topK: 1)
        #expect(index.validate("Swift is fast."))
        #expect(!index.validate(""))

        #expect(found == ["Swift is fast."])
        #expect(searchDispatcher.parent === Dispatcher.named("MyLibrary"))
        let spans = librarySpans.finishedSpans
        #expect(spans.map(\.name) == ["KeywordIndex.search", "KeywordIndex.validate", "KeywordIndex.validate"])
        #expect(spans[0].argumentNames == ["query", "topK"])
        guard case .completed(let length, _) = spans[1].outcome, case .dropped = spans[2].outcome else {
            Issue.record("the manual spans ended wrongly: \(spans.map(\.outcome))")
            return
        }
        #expect(length == "14")
    }

    @Test("a streamed answer is one span that ends with the stream, with its chunk count")
    func streams() async throws {
        let spans = SimpleSpanHandler()
        let events = ExampleEventHandler { _ in }
        Dispatcher.named("MyApp").addSpanHandler(spans)
        Dispatcher.named("MyApp").addEventHandler(events)

        var answer = ""
        for try await piece in streamAnswer(to: "What is Swift?") {
            answer += piece
        }

        #expect(answer == "Swift is fast.")
        let span = try #require(spans.completedSpans.last)
        #expect(span.name == "streamAnswer")
        #expect(span.metadata?["chunk_count"] == 3)
        let deltas = events.events.compactMap { $0 as? StreamChatDeltaReceivedEvent }
        #expect(deltas.map(\.delta) == ["Swift", " is", " fast."])
        #expect(deltas.allSatisfy { $0.spanID == span.id })
    }

    @Test("a propagation context carries the active span and tags through JSON to another task")
    func propagation() async throws {
        let spans = SimpleSpanHandler()
        Dispatcher.named("MyApp").addSpanHandler(spans)

        let (callerSpanID, header) = withInstrumentTags(["request_id": "r-7"]) {
            ragDispatcher.span("call") { () -> (String?, String) in
                // In the calling process
                let header = ragDispatcher.capturePropagationContext().jsonString()
                return (ActiveSpanContext.activeSpanID, header)
            }
        }

        // In the process that continues the trace
        let context = try PropagationContext(jsonString: header)
        let documents = ragDispatcher.restorePropagationContext(context) {
            MyRetriever().retrieve("What is Swift?")
        }

        #expect(documents.count == 1)
        let continued = try #require(spans.completedSpans.first { $0.name == "MyRetriever.retrieve" })
        #expect(continued.parentID == callerSpanID)
        #expect(continued.tags["request_id"] == "r-7")
    }

    @Test("a span started on a Thread through ActiveSpanContext.bind has the caller's span as parent")
    func threadHandOff() async throws {
        let spans = SimpleSpanHandler()
        Dispatcher.named("MyApp").addSpanHandler(spans)

        ragDispatcher.span("schedule") {
            let work = ActiveSpanContext.current.bind {
                ragDispatcher.span("warmUp") { ragDispatcher.event(CacheHitEvent(key: "warm-up")) }
            }
            Thread(block: work).start()
        }

        let deadline = ContinuousClock.now + .seconds(10)
        while !spans.completedSpans.contains(where: { $0.name == "warmUp" }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let schedule = try #require(spans.completedSpans.first { $0.name == "schedule" })
        let warmUp = try #require(spans.completedSpans.first { $0.name == "warmUp" })
        #expect(warmUp.parentID == schedule.id)
    }
}

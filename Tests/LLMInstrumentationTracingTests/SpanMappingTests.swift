import Foundation
import InMemoryTracing
import LLMInstrumentation
import LLMInstrumentationTracing
import Testing
import Tracing

@Suite("Spans become tracer spans")
struct SpanMappingTests {
    struct Retriever {}

    @Test("a span is named after its id without the unique suffix and ends with status ok")
    func naming() throws {
        let world = TracedWorld()
        let before = DefaultTracerClock.now.nanosecondsSinceEpoch
        let id = world.dispatcher.span(
            "retrieve(query:)",
            instance: Retriever(),
            arguments: ["query": "swift", "topK": 3]
        ) {
            ActiveSpanContext.activeSpanID
        }
        let after = DefaultTracerClock.now.nanosecondsSinceEpoch
        let span = try world.span("Retriever.retrieve")
        #expect(id?.hasPrefix("Retriever.retrieve-") == true)
        #expect(span.status == SpanStatus(code: .ok))
        #expect(span.startInstant.nanosecondsSinceEpoch >= before)
        #expect(span.endInstant.nanosecondsSinceEpoch <= after)
        #expect(span.startInstant.nanosecondsSinceEpoch <= span.endInstant.nanosecondsSinceEpoch)
        #expect(span.string("openinference.span.kind") == "CHAIN")
        #expect(span.string("input.value") == #"{"query":"swift","topK":3}"#)
        #expect(span.string("input.mime_type") == "application/json")
        #expect(world.bridge.statistics.openSpanCount == 0)
    }

    @Test("nested spans are children of their parent's tracer span, in one trace")
    func nesting() async throws {
        let world = TracedWorld()
        let dispatcher = world.dispatcher
        try await dispatcher.span("outer") { () async throws in
            try await dispatcher.span("middle") { () async throws in
                dispatcher.span("inner") {}
            }
        }
        let outer = try world.span("outer")
        let middle = try world.span("middle")
        let inner = try world.span("inner")
        #expect(outer.parentSpanID == nil)
        #expect(middle.parentSpanID == outer.spanID)
        #expect(inner.parentSpanID == middle.spanID)
        #expect(Set([outer.traceID, middle.traceID, inner.traceID]).count == 1)
    }

    @Test("a span entered on another thread is a child of the span active where the work was handed off")
    func threads() async throws {
        let world = TracedWorld()
        let dispatcher = world.dispatcher
        await dispatcher.span("request") { () async in
            let work = ActiveSpanContext.current.bind {
                dispatcher.span("index") { Thread.isMainThread }
            }
            _ = await onNewThread(work)
        }
        let request = try world.span("request")
        let index = try world.span("index")
        #expect(index.parentSpanID == request.spanID)
        #expect(index.traceID == request.traceID)
    }

    @Test("manual spans: spanEnter/spanExit make a span whose children find it as their parent")
    func manualSpans() throws {
        let world = TracedWorld()
        let dispatcher = world.dispatcher
        let parentID = Dispatcher.makeSpanID("upload")
        dispatcher.spanEnter(id: parentID, boundArguments: ["file": "a.txt"])
        let childID = Dispatcher.makeSpanID("chunk")
        dispatcher.spanEnter(id: childID, parentID: parentID)
        ActiveSpanContext(spanID: parentID).run {
            dispatcher.span("embed") {}
        }
        #expect(world.tracer.activeSpans.count == 2)
        dispatcher.spanExit(id: childID, result: 3)
        dispatcher.spanExit(id: parentID, result: "done")
        let upload = try world.span("upload")
        let chunk = try world.span("chunk")
        let embed = try world.span("embed")
        #expect(chunk.parentSpanID == upload.spanID)
        #expect(embed.parentSpanID == upload.spanID)
        #expect(upload.string("output.value") == "done")
        #expect(upload.string("output.mime_type") == nil)
        #expect(chunk.string("output.value") == "3")
        #expect(world.tracer.activeSpans.isEmpty)
    }

    @Test("a throwing span ends with the error recorded and an error status")
    func errors() throws {
        let world = TracedWorld()
        let dispatcher = world.dispatcher
        #expect(throws: IndexOffline.self) {
            try dispatcher.span("retrieve") { () throws -> Int in throw IndexOffline() }
        }
        let span = try world.span("retrieve")
        #expect(span.status == SpanStatus(code: .error, message: "IndexOffline: index offline"))
        #expect(span.errors.count == 1)
        #expect(span.errors.first?.error is IndexOffline)
        #expect(span.eventNames == ["SpanDropEvent"])
        #expect(span.string("openinference.span.kind") == "CHAIN")
    }

    @Test("a manually dropped span ends with its error; shutdown ends the spans still open")
    func manualDropAndShutdown() throws {
        let world = TracedWorld()
        let dispatcher = world.dispatcher
        let failed = Dispatcher.makeSpanID("load")
        dispatcher.spanEnter(id: failed)
        dispatcher.spanDrop(id: failed, error: IndexOffline())
        dispatcher.spanEnter(id: Dispatcher.makeSpanID("forgotten"))
        dispatcher.shutdown()
        #expect(try world.span("load").status?.code == .error)
        let forgotten = try world.span("forgotten")
        #expect(forgotten.status?.code == .error)
        #expect(forgotten.status?.message?.contains("DispatcherShutdownError") == true)
        #expect(world.bridge.statistics.openSpanCount == 0)
    }

    @Test("tags become attributes, one each and together as OpenInference metadata (the request context's keys apart)")
    func tags() throws {
        let world = TracedWorld()
        try withInstrumentTags(["user.id": "ada", "tier": ["gold", "beta"], "attempt": 2]) {
            _ = try world.traced("tagged") { _ in }
        }
        let span = try world.span("tagged")
        #expect(span.string("user.id") == "ada")
        #expect(span["tier"] == .stringArray(["gold", "beta"]))
        #expect(span.int("attempt") == 2)
        #expect(span.string("metadata") == #"{"attempt":2,"tier":["gold","beta"]}"#)
    }

    @Test("a chain span's output is its result: text as it is, structured results as JSON")
    func outputs() throws {
        let world = TracedWorld()
        let dispatcher = world.dispatcher
        _ = dispatcher.span("text") { "an answer" }
        _ = dispatcher.span("list") { ["a", "b"] }
        _ = dispatcher.span("nodes") { [NodeWithScore(id: "n1", text: "Swift", score: 0.5)] }
        dispatcher.span("nothing") {}
        #expect(try world.span("text").string("output.value") == "an answer")
        #expect(try world.span("text").string("output.mime_type") == nil)
        #expect(try world.span("list").string("output.value") == #"["a","b"]"#)
        #expect(try world.span("list").string("output.mime_type") == "application/json")
        #expect(
            try world.span("nodes").string("output.value") == #"["<NodeWithScore(node=TextNode(id_=n1), score=0.5)>"]"#
        )
        #expect(try world.span("nothing").string("output.value") == nil)
    }

    @Test("a root span joins the runtime's current trace, unless configured to start its own")
    func runtimeContext() throws {
        let joined = TracedWorld()
        joined.tracer.withSpan("http.request") { _ in
            joined.dispatcher.span("answer") {}
        }
        #expect(try joined.span("answer").parentSpanID == joined.span("http.request").spanID)

        let separate = TracedWorld(configuration: TracingConfiguration(separatesTraceFromRuntimeContext: true))
        separate.tracer.withSpan("http.request") { _ in
            separate.dispatcher.span("answer") {}
        }
        #expect(try separate.span("answer").parentSpanID == nil)
        #expect(try separate.span("answer").traceID != separate.span("http.request").traceID)
    }

    @Test("events become span events of their span, in order")
    func spanEvents() throws {
        let world = TracedWorld()
        let span = try world.traced { dispatcher in
            dispatcher.event(RetrievalStartEvent(strOrQueryBundle: "q"))
            dispatcher.event(CacheHitEvent(key: "k"))
            dispatcher.event(RetrievalEndEvent(strOrQueryBundle: "q", nodes: []))
        }
        #expect(span.eventNames == ["RetrievalStartEvent", "CacheHitEvent", "RetrievalEndEvent"])
        #expect(span.events.allSatisfy { $0.attributes.get("event.id") != nil })
    }

    @Test("span events beyond the limit are counted on the span")
    func spanEventLimit() throws {
        let world = TracedWorld(configuration: TracingConfiguration(maximumSpanEventsPerSpan: 2))
        let span = try world.traced { dispatcher in
            for index in 0..<5 { dispatcher.event(CacheHitEvent(key: "k\(index)")) }
        }
        #expect(span.events.count == 2)
        #expect(span.int("llm_instrumentation.dropped_span_events") == 3)
    }

    @Test("an event of no traced span goes onto the runtime's current span, or is counted and logged once")
    func unattachedEvents() throws {
        let world = TracedWorld()
        world.dispatcher.event(CacheHitEvent(key: "a"))
        world.dispatcher.event(CacheHitEvent(key: "b"))
        #expect(world.bridge.statistics.unattachedEventCount == 2)
        #expect(world.bridgeLogs.entries.count == 1)
        #expect(world.bridgeLogs.entries.first?.metadata["event"] == "CacheHitEvent")

        world.tracer.withSpan("http.request") { _ in
            world.dispatcher.event(CacheHitEvent(key: "c"))
        }
        #expect(try world.span("http.request").eventNames == ["CacheHitEvent"])
        #expect(world.bridge.statistics.runtimeSpanEventCount == 1)
        #expect(world.bridge.statistics.unattachedEventCount == 2)
    }

    @Test("beyond the open-span limit, spans are not traced, counted, and logged once")
    func openSpanLimit() throws {
        let world = TracedWorld(configuration: TracingConfiguration(maximumOpenSpans: 1))
        let dispatcher = world.dispatcher
        dispatcher.span("outer") {
            dispatcher.span("inner") {}
            dispatcher.span("inner") {}
        }
        #expect(world.tracer.finishedSpans.map(\.operationName) == ["outer"])
        #expect(world.bridge.statistics.untracedSpanCount == 2)
        #expect(world.bridgeLogs.entries.count == 1)
        dispatcher.span("later") {}
        #expect(try world.span("later").parentSpanID == nil)
    }

    @Test("many concurrent tasks each get their own correctly parented spans")
    func concurrency() async throws {
        let world = TracedWorld()
        let dispatcher = world.dispatcher
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<40 {
                group.addTask {
                    await dispatcher.span("request") { () async in
                        dispatcher.event(RetrievalStartEvent(strOrQueryBundle: .text("q\(task)")))
                        await dispatcher.span("child") { () async in
                            dispatcher.event(CacheHitEvent(key: "\(task)"))
                        }
                    }
                }
            }
        }
        let requests = world.finished("request")
        let children = world.finished("child")
        #expect(requests.count == 40)
        #expect(children.count == 40)
        let requestIDs = Set(requests.map(\.spanID))
        #expect(Set(children.compactMap(\.parentSpanID)) == requestIDs)
        #expect(Set(requests.compactMap { $0.string("input.value") }).count == 40)
        #expect(world.bridge.statistics.openSpanCount == 0)
        #expect(world.bridge.statistics.unattachedEventCount == 0)
    }

    @Test("install adds both handlers; removing them by their ids stops the tracing")
    func installAndRemove() throws {
        let tracer = InMemoryTracer()
        let dispatcher = DispatcherRegistry().dispatcher(named: "installed")
        let bridge = TracingBridge(tracer: tracer)
        let ids = bridge.install(on: dispatcher)
        #expect(ids.count == 2)
        #expect(dispatcher.spanHandlerNames == ["TracingSpanHandler"])
        #expect(dispatcher.eventHandlerNames == ["TracingEventHandler"])
        dispatcher.span("traced") {}
        ids.forEach(dispatcher.removeHandler)
        dispatcher.span("untraced") {}
        #expect(tracer.finishedSpans.map(\.operationName) == ["traced"])
    }

    @Test("a no-op tracer gets spans and events without attributes being computed")
    func noOpTracer() {
        let registry = DispatcherRegistry()
        let dispatcher = registry.dispatcher(named: "quiet")
        let bridge = TracingBridge(tracer: NoOpTracer())
        bridge.install(on: dispatcher)
        dispatcher.span("work") {
            dispatcher.event(LLMChatStartEvent(messages: [ChatMessage(role: .user, content: "hi")]))
        }
        #expect(bridge.statistics.openSpanCount == 0)
        #expect(bridge.statistics.unattachedEventCount == 0)
    }
}

/// A custom event, as users write them.
struct CacheHitEvent: Event {
    var key: String
    var metadata = EventMetadata()
}

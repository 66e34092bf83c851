import Foundation
import Testing

@testable import LLMInstrumentation

@Suite("Propagation contexts")
struct PropagationTests {
    @Test("capture merges every span handler up the chain, the tags and the active span")
    func captureWalksTheChain() throws {
        let hierarchy = TestHierarchy()
        let parent = hierarchy.dispatcher("gateway")
        let child = hierarchy.dispatcher("gateway.routes")
        let parentHandler = PropagatingSpanHandler(key: "traceparent", value: "00-abc-def-01")
        let childHandler = PropagatingSpanHandler(key: "baggage", value: "tenant=acme")
        parent.addSpanHandler(parentHandler)
        child.addSpanHandler(childHandler)
        child.addSpanHandler(ThrowingSpanHandler())

        let (captured, spanID) = withInstrumentTags(["request": "r-1"]) {
            child.span("forward") { (child.capturePropagationContext(), ActiveSpanContext.activeSpanID) }
        }
        #expect(captured.values["traceparent"] == "00-abc-def-01")
        #expect(captured.values["baggage"] == "tenant=acme")
        #expect(captured.values[PropagationContext.tagsKey] == ["request": "r-1"])
        #expect(captured.values[PropagationContext.spanIDKey] == spanID.map(JSONValue.string))
        #expect(
            child.statistics.handlerFailures.first { $0.handlerName == "ThrowingSpanHandler" }?.failures == 2,
            "its failed span entry and its failed capture are counted; the capture went on without it"
        )

        parent.propagate = false
        child.propagate = false
        let local = child.capturePropagationContext()
        #expect(local.values["traceparent"] == nil, "the walk stops after a dispatcher that does not propagate")
        #expect(local.values["baggage"] == "tenant=acme")
    }

    @Test("a context survives a JSON round trip and continues the trace in another 'process'")
    func roundTrip() async throws {
        let sender = TestHierarchy()
        let senderSpans = RecordingSpanHandler()
        let senderDispatcher = sender.dispatcher("client")
        senderDispatcher.addSpanHandler(senderSpans)
        senderDispatcher.addSpanHandler(PropagatingSpanHandler(key: "traceparent", value: "00-1-2-01"))

        let wire = await withInstrumentTags(["user": "bob", "attempt": 2]) {
            await senderDispatcher.span("call") { () async -> String in
                senderDispatcher.capturePropagationContext().jsonString()
            }
        }

        let receiver = TestHierarchy()
        let receiverDispatcher = receiver.dispatcher("server")
        let receiverSpans = RecordingSpanHandler()
        let bridge = PropagatingSpanHandler(key: "traceparent", value: "unused")
        receiverDispatcher.addSpanHandler(receiverSpans)
        receiverDispatcher.addSpanHandler(bridge)

        let context = try PropagationContext(jsonString: wire)
        let encoded = try JSONEncoder().encode(context)
        #expect(try JSONDecoder().decode(PropagationContext.self, from: encoded) == context)

        await receiverDispatcher.restorePropagationContext(context) { () async in
            await receiverDispatcher.span("serve") { () async in await Task.yield() }
        }
        let served = try #require(receiverSpans.completedSpans.first)
        let call = try #require(senderSpans.completedSpans.first)
        #expect(served.parentID == call.id, "the remote span is the parent of the next span")
        #expect(served.tags == ["user": "bob", "attempt": 2])
        #expect(bridge.restored.first?["traceparent"] == "00-1-2-01")
        #expect(ActiveSpanContext.activeTags.isEmpty, "restoring is scoped")
    }

    @Test("malformed propagation contexts get clear errors or logged diagnostics")
    func malformedContexts() throws {
        #expect(throws: PropagationContextError.self) { try PropagationContext(jsonString: "not json") }
        #expect(throws: PropagationContextError.notAnObject(found: "[1,2]")) {
            try PropagationContext(jsonString: "[1, 2]")
        }
        let huge = "{\"x\":\"" + String(repeating: "a", count: 70_000) + "\"}"
        #expect(throws: PropagationContextError.tooLarge(bytes: huge.utf8.count, limit: 65_536)) {
            try PropagationContext(jsonString: huge)
        }
        let error = PropagationContextError.notJSON("unexpected character")
        #expect(error.description == "propagation context is not JSON: unexpected character")

        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("receiver")
        let spans = RecordingSpanHandler()
        dispatcher.addSpanHandler(spans)
        let wrongTypes = PropagationContext(values: [
            PropagationContext.tagsKey: "not-an-object",
            PropagationContext.spanIDKey: 12,
        ])
        let restored = dispatcher.restorePropagationContext(wrongTypes)
        #expect(restored == ActiveSpanContext())
        let warnings = hierarchy.logs.entries.filter { $0.level == .warning }
        #expect(warnings.count == 2)
        #expect(Set(warnings.compactMap { $0.metadata["key"]?.description }) == ["instrument_tags", "active_span_id"])
    }

    @Test("restore calls every handler up the chain and skips a failing one")
    func restoreWalksTheChain() {
        let hierarchy = TestHierarchy()
        let parent = hierarchy.dispatcher("edge")
        let child = hierarchy.dispatcher("edge.node")
        let parentBridge = PropagatingSpanHandler(key: "a", value: 1)
        let childBridge = PropagatingSpanHandler(key: "b", value: 2)
        parent.addSpanHandler(parentBridge)
        child.addSpanHandler(ThrowingSpanHandler())
        child.addSpanHandler(childBridge)
        let context = PropagationContext(values: ["traceparent": "00-x-y-01"])
        child.restorePropagationContext(context) {}
        #expect(parentBridge.restored == [["traceparent": "00-x-y-01"]])
        #expect(childBridge.restored == [["traceparent": "00-x-y-01"]])
        #expect(child.statistics.handlerFailures.first { $0.handlerName == "ThrowingSpanHandler" }?.failures == 1)
    }
}

import Testing

@testable import LLMInstrumentation

@Suite("A stream span's drop event")
struct StreamDropEventTests {
    @Test("a failed stream's drop event carries the tags the span was entered with, not the consumer's")
    func failedStreamKeepsItsTags() async throws {
        let hierarchy = TestHierarchy()
        let (dispatcher, _, events) = hierarchy.observed("streams.tags.failed")
        let stream = ActiveSpanContext(tags: ["user": "alice"]).run {
            dispatcher.span(streaming: StreamSpanTests.words(3, dispatcher: dispatcher, failAfter: 1), "streamChat")
        }
        let consumed = await ActiveSpanContext(tags: ["user": "bob"]).run {
            do {
                for try await _ in stream {}
                return "finished"
            } catch {
                return String(describing: error)
            }
        }
        #expect(consumed == "connection reset")
        let drop = try #require(events.events(of: SpanDropEvent.self).first)
        #expect(drop.spanID == stream.spanID)
        #expect(drop.metadata.tags == ["user": "alice"])
    }

    @Test("an abandoned stream's drop event carries the tags the span was entered with, not the releaser's")
    func abandonedStreamKeepsItsTags() throws {
        let hierarchy = TestHierarchy()
        let (dispatcher, _, events) = hierarchy.observed("streams.tags.abandoned")
        var stream: SpannedStream<AsyncStream<Int>>? = ActiveSpanContext(tags: ["user": "alice"]).run {
            dispatcher.span(streaming: AsyncStream<Int> { $0.finish() }, "streamChat")
        }
        let id = try #require(stream?.spanID)
        ActiveSpanContext(tags: ["user": "bob"]).run {
            stream = nil
        }
        #expect(stream == nil)
        let drop = try #require(events.events(of: SpanDropEvent.self).first)
        #expect(drop.spanID == id)
        #expect(drop.metadata.tags == ["user": "alice"])
    }
}

import Testing

@testable import LLMInstrumentation

@Suite("Spans that follow streams")
struct StreamSpanTests {
    /// A stream of `count` words; producing each emits a `DocumentIndexedEvent` from inside the
    /// stream, and it throws `failure` after `failAfter` elements if given.
    static func words(
        _ count: Int,
        dispatcher: Dispatcher,
        failAfter: Int? = nil
    ) -> AsyncThrowingStream<String, any Error> {
        let produced = LockedValue(0)
        return AsyncThrowingStream(unfolding: {
            let next = produced.withLock { count -> Int in
                count += 1
                return count
            }
            if let failAfter, next == failAfter + 1 { throw TestError(message: "connection reset") }
            guard next <= count else { return nil }
            dispatcher.event(DocumentIndexedEvent(documentID: "word-\(next)", chunkCount: next))
            return "w\(next)"
        })
    }

    @Test("the span stays open until the stream is consumed, then exits with chunk count and time to first chunk")
    func fullConsumption() async throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("streams.full")
        let spans = SimpleSpanHandler()
        let events = RecordingEventHandler()
        dispatcher.addSpanHandler(spans)
        dispatcher.addEventHandler(events)

        let (words, streamID, parentID, openWhileUnconsumed) = try await dispatcher.span("chat") {
            () async throws -> ([String], String?, String?, Bool) in
            let stream = dispatcher.span(streaming: Self.words(3, dispatcher: dispatcher), "streamChat") {
                word,
                chunk in
                dispatcher.event(
                    DocumentIndexedEvent(
                        documentID: "delta-\(word)",
                        chunkCount: chunk.index,
                        metadata: EventMetadata(spanID: chunk.spanID)
                    )
                )
            }
            let open = dispatcher.statistics.openSpanCount == 2
            var collected: [String] = []
            for try await word in stream { collected.append(word) }
            return (collected, stream.spanID, ActiveSpanContext.activeSpanID, open)
        }
        #expect(words == ["w1", "w2", "w3"])
        #expect(openWhileUnconsumed, "the span is open after the stream is returned and before it is consumed")
        let span = try #require(spans.completedSpans.first { $0.id == streamID })
        #expect(span.parentID == parentID)
        #expect(span.metadata?["chunk_count"] == 3)
        #expect((span.metadata?["time_to_first_chunk"]?.doubleValue ?? -1) >= 0)
        #expect(dispatcher.statistics.openSpanCount == 0)

        let recorded = events.events(of: DocumentIndexedEvent.self)
        let produced = recorded.filter { $0.documentID.hasPrefix("word-") }
        #expect(produced.count == 3)
        #expect(produced.allSatisfy { $0.spanID == streamID }, "work inside the stream runs in its span")
        #expect(recorded.filter { $0.documentID.hasPrefix("delta-") }.map(\.spanID) == [streamID, streamID, streamID])
    }

    @Test("a finished stream's span exits with its output: the last element, or every element when collecting")
    func streamOutput() async throws {
        let (dispatcher, spans, _) = TestHierarchy().observed("streams.output")
        let last = dispatcher.span(streaming: Self.words(3, dispatcher: dispatcher), "cumulative")
        for try await _ in last {}
        let all = dispatcher.span(streaming: Self.words(3, dispatcher: dispatcher), "deltas", collectingElements: true)
        for try await _ in all {}
        #expect(spans.completedSpans.first { $0.id == last.spanID }?.result == "w3")
        #expect(spans.completedSpans.first { $0.id == all.spanID }?.result == #"["w1", "w2", "w3"]"#)
    }

    @Test("an error mid-stream drops the span, emits SpanDropEvent and reaches the consumer")
    func errorMidStream() async throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("streams.error")
        let spans = SimpleSpanHandler()
        let events = RecordingEventHandler()
        dispatcher.addSpanHandler(spans)
        dispatcher.addEventHandler(events)

        let stream = dispatcher.span(streaming: Self.words(5, dispatcher: dispatcher, failAfter: 2), "streamChat")
        var received: [String] = []
        await #expect(throws: TestError(message: "connection reset")) {
            for try await word in stream { received.append(word) }
        }
        #expect(received == ["w1", "w2"])
        let dropped = try #require(spans.droppedSpans.first)
        #expect(dropped.id == stream.spanID)
        #expect(dropped.metadata?["error"] == "connection reset")
        #expect(events.events(of: SpanDropEvent.self).map(\.spanID) == [stream.spanID])
        #expect(spans.completedSpans.isEmpty)
        #expect(dispatcher.statistics.openSpanCount == 0)
    }

    @Test("cancelling the consuming task mid-stream drops the span with a cancellation error")
    func cancellationMidStream() async throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("streams.cancel")
        let spans = SimpleSpanHandler()
        dispatcher.addSpanHandler(spans)

        let (source, feed) = AsyncStream<String>.makeStream()
        let (firstReceived, signalFirst) = AsyncStream<Void>.makeStream()
        let stream = dispatcher.span(streaming: source, "streamChat")
        let consumer = Task {
            var count = 0
            for try await _ in stream {
                count += 1
                signalFirst.yield()
            }
            return count
        }
        feed.yield("first")
        var signals = firstReceived.makeAsyncIterator()
        _ = await signals.next()
        consumer.cancel()
        let consumed = try await consumer.value
        #expect(consumed == 1)
        let dropped = try #require(spans.droppedSpans.first)
        #expect(dropped.id == stream.spanID)
        #expect(dropped.metadata?["error"] == .string(String(describing: CancellationError())))
        #expect(dispatcher.statistics.openSpanCount == 0)
        feed.finish()
    }

    @Test("a stream released without being consumed drops its span instead of leaving it open")
    func abandonedStream() throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("streams.abandoned")
        let spans = SimpleSpanHandler()
        dispatcher.addSpanHandler(spans)

        var id: String?
        do {
            let stream = dispatcher.span(streaming: AsyncStream<Int> { $0.finish() }, "streamChat")
            id = stream.spanID
            #expect(dispatcher.statistics.openSpanCount == 1)
        }
        let dropped = try #require(spans.droppedSpans.first)
        #expect(dropped.id == id)
        #expect(dropped.metadata?["error"] == .string(StreamAbandonedError(chunkCount: 0).description))
        #expect(dispatcher.statistics.openSpanCount == 0)
    }

    @Test("two streams consumed concurrently keep their own spans, chunks and parents")
    func concurrentStreams() async throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("streams.concurrent")
        let spans = SimpleSpanHandler()
        let events = RecordingEventHandler()
        dispatcher.addSpanHandler(spans)
        dispatcher.addEventHandler(events)

        let results = await withTaskGroup(of: (String?, String?, Int).self) { group in
            for (index, length) in [3, 5].enumerated() {
                group.addTask {
                    await dispatcher.span("consumer-\(index)") { () async -> (String?, String?, Int) in
                        let stream = dispatcher.span(
                            streaming: Self.words(length, dispatcher: dispatcher),
                            "stream-\(index)"
                        )
                        var count = 0
                        var iterator = stream.makeAsyncIterator()
                        while (try? await iterator.next()) != nil { count += 1 }
                        return (ActiveSpanContext.activeSpanID, stream.spanID, count)
                    }
                }
            }
            var all: [(String?, String?, Int)] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 2)
        var chunkCounts: Set<Int> = []
        for (parentID, streamID, consumed) in results {
            let span = try #require(spans.completedSpans.first { $0.id == streamID })
            #expect(span.parentID == parentID)
            #expect(span.metadata?["chunk_count"]?.intValue == consumed)
            let produced = events.events(of: DocumentIndexedEvent.self).filter { $0.spanID == streamID }
            #expect(produced.count == consumed)
            chunkCounts.insert(consumed)
        }
        #expect(chunkCounts == [3, 5])
    }
}

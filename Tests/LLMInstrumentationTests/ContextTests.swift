import Dispatch
import Foundation
import Testing

@testable import LLMInstrumentation

@Suite("Context across tasks and threads")
struct ContextTests {
    @Test("three concurrent tasks keep their own span ids: each id is on exactly two events")
    func concurrentTasksKeepTheirSpans() async throws {
        let (dispatcher, spans, events) = TestHierarchy().observed("context.concurrent")

        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<3 {
                group.addTask {
                    await dispatcher.span("worker", arguments: ["n": worker]) {
                        dispatcher.event(DocumentIndexedEvent(documentID: "w\(worker)-a", chunkCount: worker))
                        await Task.yield()
                        try? await Task.sleep(for: .milliseconds(1))
                        dispatcher.event(DocumentIndexedEvent(documentID: "w\(worker)-b", chunkCount: worker))
                    }
                }
            }
        }
        let completed = spans.completedSpans
        #expect(completed.count == 3)
        let recorded = events.events(of: DocumentIndexedEvent.self)
        #expect(recorded.count == 6)
        for span in completed {
            let mine = recorded.filter { $0.spanID == span.id }
            #expect(mine.count == 2)
            let worker = try #require(span.arguments.first?.value)
            #expect(Set(mine.map(\.documentID)) == ["w\(worker)-a", "w\(worker)-b"])
        }
    }

    @Test("tags reach events and spans in synchronous code, and nested scopes merge")
    func tagsInSyncCode() throws {
        let (dispatcher, spans, events) = TestHierarchy().observed("context.tagsSync")

        withInstrumentTags(["user": "alice", "tier": "free"]) {
            withInstrumentTags(["tier": "pro", "request": 7]) {
                dispatcher.span("handle") {
                    dispatcher.event(DocumentIndexedEvent(documentID: "d", chunkCount: 1))
                }
            }
            #expect(ActiveSpanContext.activeTags == ["user": "alice", "tier": "free"])
        }
        #expect(ActiveSpanContext.activeTags.isEmpty)
        let expected: [String: JSONValue] = ["user": "alice", "tier": "pro", "request": 7]
        #expect(spans.completedSpans.first?.tags == expected)
        #expect(events.events(of: DocumentIndexedEvent.self).first?.tags == expected)
    }

    @Test("an event's own tags are merged over the active ones")
    func eventOwnTags() {
        withInstrumentTags(["user": "alice", "source": "ambient"]) {
            let event = DocumentIndexedEvent(
                documentID: "d",
                chunkCount: 1,
                metadata: EventMetadata(tags: ["source": "explicit"])
            )
            #expect(event.tags == ["user": "alice", "source": "explicit"])
        }
    }

    @Test("tags reach events and spans in async code and its child tasks")
    func tagsInAsyncCode() async throws {
        let (dispatcher, spans, events) = TestHierarchy().observed("context.tagsAsync")

        await withInstrumentTags(["session": "s-1"]) {
            await dispatcher.span("parent") {
                async let child: Void = dispatcher.span("child") {
                    await Task.yield()
                    dispatcher.event(DocumentIndexedEvent(documentID: "from-child", chunkCount: 1))
                }
                await child
            }
        }
        #expect(spans.completedSpans.count == 2)
        #expect(spans.completedSpans.allSatisfy { $0.tags == ["session": "s-1"] })
        #expect(events.events(of: DocumentIndexedEvent.self).first?.tags == ["session": "s-1"])
    }

    @Test("tags and the active span reach concurrent threads through the hand-off")
    func tagsOnThreads() async throws {
        let (dispatcher, spans, events) = TestHierarchy().observed("context.threads")

        let parentID = await withInstrumentTags(["job": "reindex"]) {
            await dispatcher.span("batch") { () async -> String? in
                let context = ActiveSpanContext.current
                async let first: Void = onNewThread(
                    context.bind {
                        dispatcher.span("thread-work", arguments: ["n": 1]) {
                            dispatcher.event(DocumentIndexedEvent(documentID: "t1", chunkCount: 1))
                        }
                    }
                )
                async let second: Void = onNewThread(
                    context.bind {
                        dispatcher.span("thread-work", arguments: ["n": 2]) {
                            dispatcher.event(DocumentIndexedEvent(documentID: "t2", chunkCount: 2))
                        }
                    }
                )
                async let queued: Void = withCheckedContinuation { continuation in
                    DispatchQueue.global().async(
                        execute: context.bind {
                            dispatcher.event(DocumentIndexedEvent(documentID: "queue", chunkCount: 3))
                            continuation.resume()
                        }
                    )
                }
                _ = await (first, second, queued)
                return ActiveSpanContext.activeSpanID
            }
        }
        let threadSpans = spans.completedSpans.filter { $0.id.hasPrefix("thread-work-") }
        #expect(threadSpans.count == 2)
        #expect(threadSpans.allSatisfy { $0.parentID == parentID && $0.tags == ["job": "reindex"] })
        let recorded = events.events(of: DocumentIndexedEvent.self)
        #expect(recorded.count == 3)
        #expect(recorded.allSatisfy { $0.tags == ["job": "reindex"] })
        #expect(recorded.first { $0.documentID == "queue" }?.spanID == parentID)
        for event in recorded where event.documentID != "queue" {
            #expect(threadSpans.contains { $0.id == event.spanID })
        }
    }

    @Test("a detached task gets the context through the hand-off, and not without it")
    func detachedTasks() async throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("context.detached")
        let spans = RecordingSpanHandler()
        dispatcher.addSpanHandler(spans)

        let (outerID, handedOff, plain) = await dispatcher.span("outer") { () async -> (String?, String?, String?) in
            let handedOff = await Task.detached(
                operation: ActiveSpanContext.current.bind {
                    ActiveSpanContext.activeSpanID
                }
            ).value
            let plain = await Task.detached { ActiveSpanContext.activeSpanID }.value
            return (ActiveSpanContext.activeSpanID, handedOff, plain)
        }
        #expect(outerID != nil)
        #expect(handedOff == outerID)
        #expect(plain == nil)
    }

    /// Level `level` of a tree whose even levels run in async child tasks and odd levels on
    /// threads; each node is a span whose `path` argument names its place ("0.1.0").
    static func asyncNode(_ dispatcher: Dispatcher, path: String, level: Int, depth: Int) async {
        await dispatcher.span("node", arguments: ["path": path]) {
            guard level + 1 < depth else { return }
            let context = ActiveSpanContext.current
            async let left: Void = onNewThread(
                context.bind {
                    threadNode(dispatcher, path: path + ".0", level: level + 1, depth: depth)
                }
            )
            async let right: Void = onNewThread(
                context.bind {
                    threadNode(dispatcher, path: path + ".1", level: level + 1, depth: depth)
                }
            )
            _ = await (left, right)
        }
    }

    static func threadNode(_ dispatcher: Dispatcher, path: String, level: Int, depth: Int) {
        dispatcher.span("node", arguments: ["path": path]) {
            guard level + 1 < depth else { return }
            let context = ActiveSpanContext.current
            let done = DispatchSemaphore(value: 0)
            for branch in 0..<2 {
                Task.detached(
                    operation: context.bind {
                        await asyncNode(dispatcher, path: path + ".\(branch)", level: level + 1, depth: depth)
                        done.signal()
                    }
                )
            }
            done.wait()
            done.wait()
        }
    }

    @Test("two binary trees of depth 5 alternating threads and async tasks keep every parent link")
    func binaryTreesAcrossThreadsAndTasks() async throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("context.trees")
        let spans = RecordingSpanHandler()
        dispatcher.addSpanHandler(spans)

        async let first: Void = Self.asyncNode(dispatcher, path: "A", level: 0, depth: 5)
        async let second: Void = Self.asyncNode(dispatcher, path: "B", level: 0, depth: 5)
        _ = await (first, second)

        let completed = spans.completedSpans
        #expect(completed.count == 2 * 31)
        #expect(dispatcher.statistics.openSpanCount == 0)
        let pathByID = Dictionary(uniqueKeysWithValues: completed.map { ($0.id, $0.arguments[0].value) })
        #expect(Set(pathByID.values).count == 62)
        for span in completed {
            let path = try #require(pathByID[span.id])
            if let dot = path.lastIndex(of: ".") {
                let parentPath = String(path[..<dot])
                let parentID = try #require(span.parentID, "span \(path) lost its parent")
                #expect(pathByID[parentID] == parentPath, "span \(path) has the wrong parent")
            } else {
                #expect(span.parentID == nil)
            }
        }
    }
}

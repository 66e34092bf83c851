import Foundation
import Testing

@testable import LLMInstrumentation

/// An event handler that notes its `deinit`.
private final class DeinitNotingHandler: EventHandler {
    let released: LockedValue<Bool>

    init(released: LockedValue<Bool>) {
        self.released = released
    }

    deinit {
        released.withLock { $0 = true }
    }

    func handle(_ event: some Event) {}
}

/// Whether this process has the file at `url` open (Linux: `/proc/self/fd`).
private func processHasOpen(_ url: URL) throws -> Bool {
    let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")
    let path = url.resolvingSymlinksInPath().path
    return descriptors.contains { descriptor in
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)")) == path
    }
}

/// Emits `count` events and spans from each of `tasks` tasks of the cooperative pool, then lets
/// them finish: the pool's threads have delivered to the handlers and now sit idle.
private func emitFromThePool(_ dispatcher: Dispatcher, tasks: Int = 8, count: Int = 200) async {
    await withTaskGroup(of: Void.self) { group in
        for task in 0..<tasks {
            group.addTask {
                for index in 0..<count {
                    dispatcher.span("work") {
                        dispatcher.event(DocumentIndexedEvent(documentID: "\(task)-\(index)", chunkCount: index))
                    }
                }
            }
        }
    }
}

@Suite("Removed handlers are released at once")
struct HandlerReleaseTests {
    @Test("a removed handler's deinit runs when removeHandler returns, while pool threads sit idle")
    func removedHandlerIsReleased() async {
        let dispatcher = TestHierarchy().dispatcher("release.deinit")
        let released = LockedValue(false)
        var id: HandlerID?
        do {
            id = dispatcher.addEventHandler(DeinitNotingHandler(released: released))
        }
        await emitFromThePool(dispatcher)
        #expect(released.withLock { $0 } == false)
        dispatcher.removeHandler(id!)
        #expect(released.withLock { $0 }, "no thread of the pool may still hold the handler")
    }

    @Test("a removed JSONLinesExporter writes everything and closes its file, with no further event")
    func removedExporterClosesItsFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("release-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("trace.jsonl")
        let dispatcher = TestHierarchy().dispatcher("release.exporter")
        var ids: [HandlerID] = []
        do {
            let exporter = try JSONLinesExporter(url: url)
            ids.append(dispatcher.addEventHandler(exporter.eventHandler))
            ids.append(dispatcher.addSpanHandler(exporter.spanHandler))
        }
        await emitFromThePool(dispatcher, tasks: 4, count: 100)
        #expect(try processHasOpen(url))
        for id in ids { dispatcher.removeHandler(id) }
        #expect(try processHasOpen(url) == false, "the file is closed once the exporter is released")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4 * 100 * 2, "every event and span accepted before the removal is in the file")
    }
}

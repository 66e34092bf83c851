import Foundation
import LLMInstrumentationReading
import Synchronization
import Testing

@testable import LLMInstrumentation

/// Counts the worker's events (not the `SpanDropEvent`s of failed spans) by span id.
private final class CountingEventHandler: EventHandler {
    let spanIDs = LockedValue<[String: Int]>([:])

    func handle(_ event: some Event) {
        guard event is DocumentIndexedEvent else { return }
        let spanID = event.spanID ?? "<none>"
        spanIDs.withLock { $0[spanID, default: 0] += 1 }
    }

    var count: Int { spanIDs.withLock { $0.values.reduce(0, +) } }
}

/// What one worker expects: each span's parent (as the worker saw it when entering), and which
/// spans it made fail.
private struct Expectations: Sendable {
    var parents: [String: String] = [:]
    var failed: Set<String> = []
}

private struct InjectedFailure: Error {}

/// A load of nested spans, each with two events, made by one worker (a task or a thread).
private struct StressWorker {
    let dispatcher: Dispatcher
    let spanCount: Int
    var generator: SplitMix
    var made = 0
    var expectations = Expectations()

    init(dispatcher: Dispatcher, spanCount: Int, seed: UInt64) {
        self.dispatcher = dispatcher
        self.spanCount = spanCount
        self.generator = SplitMix(seed: seed)
    }

    mutating func run() -> Expectations {
        while made < spanCount {
            try? tree(depth: 1)
        }
        return expectations
    }

    /// One span, with up to three children while depth allows, failing about one time in twenty.
    mutating func tree(depth: Int) throws {
        made += 1
        let parent = ActiveSpanContext.activeSpanID
        try dispatcher.span("level\(depth)", arguments: ["depth": depth]) { () throws -> Void in
            let id = ActiveSpanContext.activeSpanID!
            expectations.parents[id] = parent ?? ""
            dispatcher.event(DocumentIndexedEvent(documentID: id, chunkCount: 1))
            if depth < 6 {
                for _ in 0..<Int(generator.next() % 4) where made < spanCount {
                    try? tree(depth: depth + 1)
                }
            }
            dispatcher.event(DocumentIndexedEvent(documentID: id, chunkCount: 2))
            if generator.next() % 20 == 0 {
                expectations.failed.insert(id)
                throw InjectedFailure()
            }
        }
    }
}

/// A small deterministic random number generator, so that a failing run can be repeated.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Load: nothing lost, nothing left open, every link right")
struct StressTests {
    /// Spans per worker: `LLM_INSTRUMENTATION_STRESS_SPANS` (100,000 for the full-size run), else
    /// 400: small enough for CI and ThreadSanitizer, and still thousands of spans across ten workers.
    static var spansPerWorker: Int {
        ProcessInfo.processInfo.environment["LLM_INSTRUMENTATION_STRESS_SPANS"].flatMap(Int.init) ?? 400
    }

    @Test("8 tasks and 2 threads of nested spans with events, handlers attached: every record accounted for")
    func stress() async throws {
        let perWorker = Self.spansPerWorker
        let workers = 10
        let total = perWorker * workers
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("trace.jsonl")

        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("stress")
        let counting = CountingEventHandler()
        let spans = SimpleSpanHandler(capacity: total + 1)
        let exporter = try JSONLinesExporter(url: url, capacity: total * 4)
        dispatcher.addEventHandler(counting)
        dispatcher.addSpanHandler(spans)
        exporter.install(on: dispatcher)

        let start = ContinuousClock.now
        var expectations: [Expectations] = []
        // 8 tasks...
        expectations += await withTaskGroup(of: Expectations.self) { group in
            for index in 0..<8 {
                group.addTask {
                    var worker = StressWorker(dispatcher: dispatcher, spanCount: perWorker, seed: UInt64(index))
                    return worker.run()
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        // ...while 2 threads run through the hand-off (started from inside a span, to carry it).
        let threadResults = LockedValue<[Expectations]>([])
        let outer = try dispatcher.span("threads") { () throws -> String in
            let done = DispatchGroup()
            for index in 8..<10 {
                done.enter()
                let work = ActiveSpanContext.current.bind {
                    var worker = StressWorker(dispatcher: dispatcher, spanCount: perWorker, seed: UInt64(index))
                    let result = worker.run()
                    threadResults.withLock { $0.append(result) }
                    done.leave()
                }
                Thread(block: work).start()
            }
            done.wait()
            return ActiveSpanContext.activeSpanID!
        }
        expectations += threadResults.withLock { $0 }
        let elapsed = ContinuousClock.now - start
        dispatcher.shutdown()
        let produced = ContinuousClock.now - start
        let checking = ContinuousClock.now

        var expectedParents: [String: String] = [:]
        var expectedFailures: Set<String> = []
        for expectation in expectations {
            expectedParents.merge(expectation.parents) { first, _ in first }
            expectedFailures.formUnion(expectation.failed)
        }
        // The threads' top-level spans are children of the span they were started in.
        let allSpans = total + 1
        #expect(expectedParents.count == total)

        // Every span exactly once completed or dropped, none open.
        let completed = spans.completedSpans
        let dropped = spans.droppedSpans
        #expect(dispatcher.statistics.openSpanCount == 0)
        #expect(completed.count + dropped.count == allSpans)
        #expect(Set(completed.map(\.id) + dropped.map(\.id)).count == allSpans)
        #expect(Set(dropped.map(\.id)) == expectedFailures)
        #expect(spans.evictedSpanCount == 0)

        // Every parent link right.
        var wrongParents = 0
        for span in completed + dropped where span.id != outer {
            let expected = expectedParents[span.id]
            let expectedParent = expected == "" ? (span.id.hasPrefix("level1-") ? nil : "") : expected
            if span.parentID != expectedParent && !(expected == "" && span.parentID == outer) { wrongParents += 1 }
        }
        #expect(wrongParents == 0)

        // Every event's span exists; two events per span.
        let eventSpans = counting.spanIDs.withLock { $0 }
        #expect(counting.count == total * 2)
        #expect(eventSpans.keys.allSatisfy { expectedParents[$0] != nil })
        #expect(eventSpans.values.allSatisfy { $0 == 2 })
        let recordedParents = Dictionary(
            (completed + dropped).map { ($0.id, $0.parentID) },
            uniquingKeysWith: { first, _ in first }
        )

        // The exported file holds every record: read line by line, so that the check of a
        // full-size file (3 million lines) holds counts and sets of ids, not every record.
        let reading = ContinuousClock.now
        var file = FileTally()
        try JSONLinesReader.forEachRecord(contentsOf: url) { record in
            file.add(record, recordedParents: recordedParents, expectedParents: expectedParents)
        }
        let read = ContinuousClock.now - reading
        #expect(file.problems.isEmpty, "\(file.problemCount) problems, first: \(file.problems)")
        #expect(exporter.droppedRecordCount == 0)
        #expect(file.spanCount == allSpans)
        #expect(file.spanIDs.count == allSpans, "each span once")
        #expect(file.documentEvents == total * 2)
        #expect(file.eventCount == total * 2 + expectedFailures.count, "and one SpanDropEvent per failed span")
        #expect(
            file.dropEventCount == expectedFailures.count && file.dropEventSpanIDs == expectedFailures,
            "the SpanDropEvents name the failed spans"
        )
        #expect(file.parentMismatches == 0, "spans whose parent in the file differs from the handler's")
        #expect(file.eventsOutsideSpans == 0, "events whose span is not one of the workers'")
        #expect(file.droppedSpanIDs == expectedFailures)

        let fileSize = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        print(
            "stress: \(allSpans) spans, \(total * 2) events, \(dropped.count) dropped on purpose (\(expectedFailures.count) expected)"
        )
        print(
            "stress: produced in \(Self.seconds(elapsed)) s (\(Self.seconds(produced)) s with the exporter's flush and close)"
        )
        print(
            "stress: file \(fileSize) bytes, \(file.lineCount) records: \(file.spanCount) spans, \(file.eventCount) events, \(file.problemCount) problems"
        )
        print(
            "stress: verified in \(Self.seconds(ContinuousClock.now - checking)) s (file read in \(Self.seconds(read)) s)"
        )
        print("stress: peak resident memory \(Self.peakResidentMegabytes()) MiB")
    }

    private static func seconds(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.2f", seconds)
    }

    /// The process's peak resident set size so far (getrusage's ru_maxrss).
    private static func peakResidentMegabytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss / 1024  // kilobytes
        #else
        getrusage(RUSAGE_SELF, &usage)
        return usage.ru_maxrss / (1024 * 1024)  // bytes
        #endif
    }
}

/// What the stress test's file holds, counted one record at a time.
private struct FileTally {
    var lineCount = 0
    var spanCount = 0
    var spanIDs: Set<String> = []
    var droppedSpanIDs: Set<String> = []
    var parentMismatches = 0
    var eventCount = 0
    var documentEvents = 0
    var eventsOutsideSpans = 0
    var dropEventCount = 0
    var dropEventSpanIDs: Set<String> = []
    var problemCount = 0
    /// The first ten problems.
    var problems: [JSONLinesReader.Problem] = []

    mutating func add(
        _ record: JSONLinesReader.Record,
        recordedParents: [String: String?],
        expectedParents: [String: String]
    ) {
        lineCount += 1
        switch record {
        case .span(let span):
            spanCount += 1
            spanIDs.insert(span.id)
            if span.isDropped { droppedSpanIDs.insert(span.id) }
            if recordedParents[span.id] != .some(span.parentID) { parentMismatches += 1 }
        case .event(let event):
            eventCount += 1
            if let drop = event as? SpanDropEvent {
                dropEventCount += 1
                dropEventSpanIDs.insert(drop.spanID ?? "<none>")
            } else if (event as? RecordedEvent)?.recordedClassName == "DocumentIndexedEvent" {
                documentEvents += 1
                if expectedParents[event.spanID ?? "<none>"] == nil { eventsOutsideSpans += 1 }
            }
        case .problem(let problem):
            problemCount += 1
            if problems.count < 10 { problems.append(problem) }
        }
    }
}

import BenchmarkWorkloads
import Foundation
import LLMInstrumentation
import Synchronization

/// Runs the six anchor workloads of `../shared/bench/python_anchor.py` and prints one JSON line
/// each: `{"workload": NAME, "ns_per_op": FLOAT, "impl": "swift"}`. Same warm-up and loop as the
/// Python side; the iteration count is the first argument (default 1,000,000; pipeline runs a fifth).
@main
enum AnchorWorkloads {
    static func main() async {
        let arguments = CommandLine.arguments.dropFirst()
        let iterations = arguments.first.flatMap(Int.init) ?? 1_000_000
        // An optional second argument runs that one workload (for profiling).
        let only = arguments.dropFirst().first
        func emit(_ workload: String, _ measure: @autoclosure () -> Double) {
            guard only == nil || only == workload else { return }
            print("{\"workload\": \"\(workload)\", \"ns_per_op\": \((measure() * 10).rounded() / 10), \"impl\": \"swift\"}")
        }
        let bare = Workloads.bare
        let one = Workloads.one
        emit("event_no_handler", measure(iterations) { Workloads.eventNoHandler(bare) })
        emit("event_one_handler", measure(iterations) { Workloads.eventOneHandler(one) })
        emit("span_null_handler", measure(iterations) { _ = Workloads.spanNullHandler() })
        emit("span_simple_handler", measure(iterations) { _ = Workloads.spanSimpleHandler() })
        // Off the main actor, as in a server: the async function then runs where it is called,
        // without a hop between executors on every call.
        if only == nil || only == "async_span_simple" {
            let asyncNanoseconds = await Task.detached {
                await measureAsync(iterations) { _ = await Workloads.asyncSpanSimple() }
            }.value
            emit("async_span_simple", asyncNanoseconds)
        }
        emit("pipeline", measure(max(1, iterations / 5)) { _ = Workloads.pipeline() })
        emit("span_handwritten", measure(iterations) { _ = Workloads.spanHandwritten() })

        // What the platform charges for the parts of the hot path that are not this library's:
        // one reading of the wall clock (a span takes three: wall and monotonic at entry,
        // monotonic at exit), one lock and unlock of a pthread mutex (the package's one lock
        // type; a span takes four, an event one) and, for comparison, of `Synchronization.Mutex`.
        emit("platform_clock_reading", measure(iterations) { PlatformFloor.keep(PlatformFloor.clockReading()) })
        let pthreadLock = PlatformFloor.PthreadLock()
        emit("platform_pthread_lock", measure(iterations) { pthreadLock.lockAndUnlock() })
        let mutex = Mutex(0)
        emit("platform_mutex_lock", measure(iterations) { mutex.withLock { $0 &+= 1 } })

        // JSON-lines export: the caller's cost per span, then the writer's time per span (its
        // throughput is 1e9 / that), measured from the first record to the end of the flush.
        if only == nil || only == "export_span_caller" || only == "export_writer_per_span" {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("anchor-export-\(getpid()).jsonl")
            let exporter = try! JSONLinesExporter(url: path, capacity: 1 << 20)
            let dispatcher = DispatcherRegistry().dispatcher(named: "bench.export")
            dispatcher.propagate = false
            dispatcher.addSpanHandler(exporter.spanHandler)
            let count = min(iterations, 200_000)
            let start = DispatchTime.now().uptimeNanoseconds
            for index in 0..<count {
                _ = dispatcher.span("export", arguments: ["index": index]) { index }
            }
            let appended = DispatchTime.now().uptimeNanoseconds
            exporter.flush()
            let flushed = DispatchTime.now().uptimeNanoseconds
            exporter.close()
            try? FileManager.default.removeItem(at: path)
            emit("export_span_caller", Double(appended - start) / Double(count))
            emit("export_writer_per_span", Double(flushed - start) / Double(count))
        }
    }

    static func measure(_ iterations: Int, _ body: () -> Void) -> Double {
        for _ in 0..<min(1000, iterations) { body() }
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { body() }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations)
    }

    @concurrent
    static func measureAsync(_ iterations: Int, _ body: () async -> Void) async -> Double {
        for _ in 0..<min(1000, iterations) { await body() }
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { await body() }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations)
    }
}

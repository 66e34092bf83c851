import Benchmark
import BenchmarkWorkloads
import Foundation
import LLMInstrumentation

// Wall time, instructions and allocations per operation for the anchor workloads of
// ../shared/bench/python_anchor.py (same names), `@Spanned` against the scoped span it expands to,
// concurrent pipelines, and the memory of the default SimpleSpanHandler after a million spans.
// Run: `swift package benchmark` here; thresholds: Benchmarks/check.sh.

/// `check.sh` sets this to measure only what is stable on a shared machine (allocations, and
/// instructions where the kernel offers the counter), so that thresholds never trip on noise.
let checkingThresholds = ProcessInfo.processInfo.environment["LLM_INSTRUMENTATION_BENCHMARK_CHECK"] != nil
let stableMetrics: [BenchmarkMetric] = [.instructions, .mallocCountTotal]

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: checkingThresholds ? stableMetrics : [.wallClock, .instructions, .mallocCountTotal],
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(1),
        maxIterations: 1_000,
        thresholds: [
            .instructions: .init(relative: [.p50: 10.0], absolute: [:]),
            .mallocCountTotal: .init(relative: [.p50: 5.0], absolute: [.p50: 2]),
        ]
    )

    // The dispatcher is passed in, as the anchor's lambda captures a local (and AnchorWorkloads
    // does the same): read from its global on every call, it costs a lazy-initialisation check
    // and an atomic reference count, more than the event without handlers itself.
    Benchmark("event_no_handler") { benchmark in
        let dispatcher = Workloads.bare
        for _ in benchmark.scaledIterations { Workloads.eventNoHandler(dispatcher) }
    }
    Benchmark("event_one_handler") { benchmark in
        let dispatcher = Workloads.one
        for _ in benchmark.scaledIterations { Workloads.eventOneHandler(dispatcher) }
    }
    Benchmark("span_null_handler") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Workloads.spanNullHandler()) }
    }
    Benchmark("span_simple_handler") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Workloads.spanSimpleHandler()) }
    }
    Benchmark("async_span_simple") { benchmark async in
        for _ in benchmark.scaledIterations { blackHole(await Workloads.asyncSpanSimple()) }
    }
    Benchmark("pipeline", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Workloads.pipeline()) }
    }

    // `@Spanned` against the hand-written scoped span it expands to: the same cost is expected.
    Benchmark("span_macro") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Workloads.spanSimpleHandler()) }
    }
    Benchmark("span_handwritten") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Workloads.spanHandwritten()) }
    }

    // Throughput of whole pipelines on 2 and 4 concurrent tasks (1 op = one pipeline).
    for tasks in [2, 4] {
        Benchmark(
            "pipeline_concurrent_\(tasks)_tasks",
            configuration: .init(
                metrics: checkingThresholds ? stableMetrics : [.wallClock, .throughput, .mallocCountTotal],
                scalingFactor: .kilo
            )
        ) { benchmark async in
            let perTask = benchmark.scaledIterations.count / tasks
            await withTaskGroup(of: Int.self) { group in
                for _ in 0..<tasks {
                    group.addTask {
                        var sum = 0
                        for _ in 0..<perTask { sum &+= Workloads.pipeline() }
                        return sum
                    }
                }
                for await sum in group { blackHole(sum) }
            }
        }
    }

    // Memory after 1,000,000 spans with the default SimpleSpanHandler: bounded by its capacity.
    Benchmark(
        "memory_1M_spans_default_handler",
        configuration: .init(
            metrics: checkingThresholds ? [.peakMemoryResidentDelta] : [.peakMemoryResident, .peakMemoryResidentDelta, .wallClock],
            scalingFactor: .one,
            maxDuration: .seconds(30),
            maxIterations: 1,
            thresholds: [.peakMemoryResidentDelta: .init(absolute: [.p100: 20_000_000])]
        )
    ) { benchmark in
        let dispatcher = DispatcherRegistry().dispatcher(named: "bench.memory")
        let handler = SimpleSpanHandler()
        dispatcher.addSpanHandler(handler)
        for index in 0..<1_000_000 {
            blackHole(dispatcher.span("step", arguments: ["index": index]) { index })
        }
        precondition(handler.completedSpans.count == 10_000 && handler.evictedSpanCount == 990_000)
    }
}

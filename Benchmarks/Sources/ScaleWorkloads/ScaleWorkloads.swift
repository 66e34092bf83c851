import Foundation
import LLMInstrumentation

/// Costs that must not grow with how much exists already: making a dispatcher with thousands made,
/// and entering spans by hand or for streams with thousands open (issue 15, items 6 and 7). Prints
/// the cost of the first and the last block of each, in one run; run it in release:
/// `swift run -c release --package-path Benchmarks ScaleWorkloads`.
@main
struct ScaleWorkloads {
    static func main() {
        let clock = ContinuousClock()
        func milliseconds(_ duration: Duration) -> Double {
            Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1e3
        }

        // Dispatchers: 10,000 named as libraries and modules name theirs, in blocks of 1,000.
        let registry = DispatcherRegistry()
        registry.root.addSpanHandler(SimpleSpanHandler())
        var blocks: [Double] = []
        let allStart = clock.now
        for block in 0..<10 {
            let start = clock.now
            for index in 0..<1_000 {
                _ = registry.dispatcher(named: "Library\(block).Module\(index).component")
            }
            blocks.append(milliseconds(clock.now - start))
        }
        let total = milliseconds(clock.now - allStart)
        print("dispatchers: 10,000 made in \(format(total)) ms; first 1,000 \(format(blocks.first!)) ms, last 1,000 \(format(blocks.last!)) ms")

        // Manual spans: 4,000 entered with none open, then 4,000 more with those 4,000 open.
        let manual = registry.dispatcher(named: "Scale.manual")
        func enterManual(_ range: Range<Int>) -> Double {
            let start = clock.now
            for index in range { manual.spanEnter(id: "manual-\(index)", parentID: nil) }
            return milliseconds(clock.now - start)
        }
        let firstManual = enterManual(0..<4_000)
        let nextManual = enterManual(4_000..<8_000)
        let exitStart = clock.now
        for index in 0..<8_000 { manual.spanExit(id: "manual-\(index)") }
        let exits = milliseconds(clock.now - exitStart)
        print("manual spans: 4,000 entered with 0 open \(format(firstManual)) ms, 4,000 more with 4,000 open \(format(nextManual)) ms, 8,000 exits \(format(exits)) ms")

        // Stream spans: 4,000 streams kept unconsumed, then 4,000 more.
        let streaming = registry.dispatcher(named: "Scale.streams")
        var streams: [SpannedStream<AsyncStream<Int>>] = []
        streams.reserveCapacity(8_000)
        func makeStreams(_ count: Int) -> Double {
            let start = clock.now
            for _ in 0..<count {
                streams.append(streaming.span(streaming: AsyncStream<Int> { $0.finish() }, "streamChat"))
            }
            return milliseconds(clock.now - start)
        }
        let firstStreams = makeStreams(4_000)
        let nextStreams = makeStreams(4_000)
        let releaseStart = clock.now
        streams.removeAll()
        let releases = milliseconds(clock.now - releaseStart)
        print("stream spans: 4,000 entered with 0 open \(format(firstStreams)) ms, 4,000 more with 4,000 open \(format(nextStreams)) ms, 8,000 released (dropped) \(format(releases)) ms")

        // What a registry that is never freed keeps: 2,000 registries, each with one dispatcher.
        let before = residentBytes()
        var registries: [DispatcherRegistry] = []
        for index in 0..<2_000 {
            let made = DispatcherRegistry()
            _ = made.dispatcher(named: "Test\(index).module")
            registries.append(made)
        }
        let perRegistry = (residentBytes() - before) / registries.count
        print("registries: about \(perRegistry) bytes each, with its root and one dispatcher (resident memory over 2,000)")
    }

    /// The resident set size, from `/proc/self/statm` (0 where there is none).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(getpagesize())
    }

    static func format(_ value: Double) -> String {
        String(Int((value * 10).rounded()) / 10) + "." + String(Int((value * 10).rounded()) % 10)
    }
}

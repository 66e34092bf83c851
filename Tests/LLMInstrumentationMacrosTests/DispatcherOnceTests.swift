import LLMInstrumentation
import LLMInstrumentationMacros
import Synchronization
import Testing

// Dispatcher expressions that count their evaluations.

let onceEvaluations = Atomic<Int>(0)
let instrumentedEvaluations = Atomic<Int>(0)
let racingEvaluations = Atomic<Int>(0)

func countedDispatcher(_ counter: borrowing Atomic<Int>) -> Dispatcher {
    counter.add(1, ordering: .relaxed)
    return probeDispatcher
}

@Spanned(dispatcher: countedDispatcher(onceEvaluations))
func evaluatedOnce(_ value: Int) -> Int { value + 1 }

@Instrumented(dispatcher: countedDispatcher(instrumentedEvaluations))
struct CountedPipeline {
    func first(_ value: Int) -> Int { value * 2 }
    func second(_ value: Int) -> Int { value * 3 }
}

@Spanned(dispatcher: countedDispatcher(racingEvaluations))
func racedOnce(_ value: Int) async -> Int {
    await Task.yield()
    return value
}

@Suite("A named dispatcher is evaluated once per declaration, not per call")
struct DispatcherOnceTests {
    @Test("fifty calls evaluate the expression once, and every span reaches the dispatcher")
    func fiftyCalls() async throws {
        let report = await probe { (1...50).map(evaluatedOnce).reduce(0, +) }
        #expect(report.result == (2...51).reduce(0, +))
        #expect(onceEvaluations.load(ordering: .relaxed) == 1)
        #expect(report.spans.filter { $0.id.hasPrefix("evaluatedOnce-") }.count == 50)
    }

    @Test("@Instrumented's expression is evaluated once for each method it spans")
    func oncePerInstrumentedMethod() async throws {
        let pipeline = CountedPipeline()
        let report = await probe { (1...50).map { pipeline.first($0) + pipeline.second($0) }.reduce(0, +) }
        #expect(report.result == 5 * (1...50).reduce(0, +))
        #expect(instrumentedEvaluations.load(ordering: .relaxed) == 2)
        #expect(report.spans.count == 100)
    }

    @Test("first calls racing on many tasks evaluate it once")
    func racingFirstCalls() async throws {
        let report = await probe {
            await withTaskGroup(of: Int.self) { group in
                for value in 1...50 { group.addTask { await racedOnce(value) } }
                return await group.reduce(0, +)
            }
        }
        #expect(report.result == (1...50).reduce(0, +))
        #expect(racingEvaluations.load(ordering: .relaxed) == 1)
        #expect(report.spans.filter { $0.id.hasPrefix("racedOnce-") }.count == 50)
    }
}

import LLMInstrumentation

/// `llm-trace demo`: runs the instrumented pipeline offline and prints its events and trace trees.
enum DemoCommand {
    static func run() async -> Int32 {
        let root = Dispatcher.root
        let spans = SimpleSpanHandler()
        root.addSpanHandler(spans)
        root.addEventHandler(ConsoleEventHandler())

        let pipeline = RAGPipeline()
        let questions = ["How do task-local values reach child tasks?", "   "]
        for (index, question) in questions.enumerated() {
            await withInstrumentTags(["request": .int(index + 1)]) {
                do {
                    let answer = try await pipeline.answer(question)
                    print("answer \(index + 1): \(answer)")
                } catch {
                    print("answer \(index + 1) failed: \(error)")
                }
            }
        }
        root.shutdown()
        print("\ntrace trees (span id, duration in seconds):")
        spans.printTraceTrees()
        return 0
    }
}

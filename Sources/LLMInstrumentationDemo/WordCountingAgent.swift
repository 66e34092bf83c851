import Foundation
public import LLMInstrumentation
public import LLMInstrumentationMacros

/// The demo's agent: one step that calls a tool on the pipeline's answer.
@Instrumented(dispatcher: demoDispatcher)
public final class WordCountingAgent: Sendable {
    /// Creates the agent with its instrumented tool.
    public init() {}

    /// The instrumented word-count tool.
    public let tool = WordCountTool().instrumented(dispatcher: demoDispatcher)

    /// One agent step: calls the tool on `input`; emits the step events.
    public func step(task: String, input: String) async throws -> String {
        demoDispatcher.event(AgentRunStepStartEvent(taskID: task, input: input))
        let arguments = String(decoding: try JSONEncoder().encode(["text": input]), as: UTF8.self)
        let count = try await tool.call(arguments: arguments)
        demoDispatcher.event(AgentRunStepEndEvent(stepOutput: ["word_count": .string(count)]))
        return count
    }
}

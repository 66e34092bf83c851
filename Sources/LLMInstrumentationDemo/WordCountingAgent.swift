import Foundation
public import LLMInstrumentation
public import LLMInstrumentationMacros

/// The demo's agent: one step that counts the words of the pipeline's answer with a tool. Offline
/// it calls the tool itself; with a chat model it offers the model the tool, runs the call the
/// model asks for, and gives the model the result for its final word (the reference's tool-calling
/// agent loop, one round).
@Instrumented(dispatcher: demoDispatcher)
public final class WordCountingAgent: Sendable {
    /// Asks the chat model, if any, with these messages and options.
    private let chat: (@Sendable ([ChatMessage], [String: JSONValue]) async throws -> ChatResponse)?

    /// Creates the offline agent with its instrumented tool.
    public init() {
        self.chat = nil
    }

    /// Creates the agent that lets `chatModel` (instrumented on the demo's dispatcher) call the tool.
    public init<Model: ChatModel>(chatModel: Model) {
        let model = chatModel.instrumented(dispatcher: demoDispatcher)
        self.chat = { messages, options in try await model.chat(messages, options: options) }
    }

    /// The instrumented word-count tool.
    public let tool = WordCountTool().instrumented(dispatcher: demoDispatcher)

    /// One agent step on `input`; emits the step events and returns the word count.
    public func step(task: String, input: String) async throws -> String {
        demoDispatcher.event(AgentRunStepStartEvent(taskID: task, input: input))
        let count: String
        if let chat {
            count = try await countWithModel(input, chat: chat)
        } else {
            count = try await tool.call(arguments: try Self.arguments(text: input))
        }
        demoDispatcher.event(AgentRunStepEndEvent(stepOutput: ["word_count": .string(count)]))
        return count
    }

    /// Offers the model the tool; runs the call it asks for (or, if it asks for none, calls the
    /// tool on `input`), then gives it the result.
    private func countWithModel(
        _ input: String,
        chat: @Sendable ([ChatMessage], [String: JSONValue]) async throws -> ChatResponse
    ) async throws -> String {
        let metadata = tool.metadata
        let options: [String: JSONValue] = [
            "tools": [
                [
                    "type": "function",
                    "function": [
                        "name": .string(metadata.name), "description": .string(metadata.description),
                        "parameters": metadata.parametersSchema ?? ["type": "object"],
                    ],
                ]
            ]
        ]
        var messages = [
            ChatMessage(role: .system, content: "Count words with the \(metadata.name) tool."),
            ChatMessage(role: .user, content: "How many words are in this text? \(input)"),
        ]
        let reply = try await chat(messages, options)
        let call = reply.message.blocks.lazy.compactMap { block -> ToolCallBlock? in
            if case .toolCall(let call) = block, call.toolName == metadata.name { return call }
            return nil
        }.first
        guard let call else { return try await tool.call(arguments: try Self.arguments(text: input)) }
        let arguments = call.toolArguments.stringValue ?? call.toolArguments.jsonString()
        let count = try await tool.call(arguments: arguments)
        messages.append(reply.message)
        messages.append(
            ChatMessage(role: .tool, content: count, additionalKwargs: ["tool_call_id": .string(call.toolCallID ?? "")])
        )
        _ = try await chat(messages, options)
        return count
    }

    @NotSpanned
    private static func arguments(text: String) throws -> String {
        String(decoding: try JSONEncoder().encode(["text": text]), as: UTF8.self)
    }
}

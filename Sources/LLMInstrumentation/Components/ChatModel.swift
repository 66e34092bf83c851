/// A model you chat with: the Swift counterpart of LlamaIndex's LLM `chat` / `stream_chat`.
///
/// Conform a client (OpenAI, Anthropic, an on-device model) to it, then use
/// ``instrumented(dispatcher:)`` to make every call a span with LlamaIndex's chat events.
public protocol ChatModel: Sendable {
    /// The stream of partial responses ``streamChat(_:options:)`` returns: each with the answer so
    /// far and its `delta`.
    associatedtype ChatStream: AsyncSequence & Sendable where ChatStream.Element == ChatResponse

    /// The model's settings, recorded as `model_dict` (at least `"model"`: its name).
    var modelDict: [String: JSONValue] { get }

    /// Answers a chat.
    func chat(_ messages: [ChatMessage], options: [String: JSONValue]) async throws -> ChatResponse

    /// Answers a chat piece by piece.
    func streamChat(_ messages: [ChatMessage], options: [String: JSONValue]) -> ChatStream
}

extension ChatModel {
    /// This model, with every call a span that emits `LLMChatStartEvent`, `LLMChatInProgressEvent`
    /// (streams) and `LLMChatEndEvent` on `dispatcher`.
    public func instrumented(dispatcher: Dispatcher) -> InstrumentedChatModel<Self> {
        InstrumentedChatModel(self, dispatcher: dispatcher)
    }
}

/// A ``ChatModel`` whose calls are spans that emit LlamaIndex's chat events, as LlamaIndex's own
/// LLM classes do: start (messages, options, `model_dict`), one in-progress event per streamed
/// piece, and end (messages, final response with its token usage). A streamed chat's span stays
/// open until the stream ends.
public struct InstrumentedChatModel<Base: ChatModel>: ChatModel {
    /// The model called.
    public let base: Base
    /// Where spans and events go.
    public let dispatcher: Dispatcher

    /// Wraps `base`.
    public init(_ base: Base, dispatcher: Dispatcher) {
        self.base = base
        self.dispatcher = dispatcher
    }

    /// The base model's settings.
    public var modelDict: [String: JSONValue] { base.modelDict }

    /// Calls the base model inside a span named `"<Model>.chat"`.
    public func chat(_ messages: [ChatMessage], options: [String: JSONValue] = [:]) async throws -> ChatResponse {
        let dispatcher = self.dispatcher
        let base = self.base
        return try await dispatcher.span("chat", instance: base, arguments: ["messages": messages, "options": options]) {
            () async throws -> ChatResponse in
            dispatcher.event(LLMChatStartEvent(messages: messages, additionalKwargs: options, modelDict: base.modelDict))
            let response = try await base.chat(messages, options: options)
            dispatcher.event(LLMChatEndEvent(messages: messages, response: response))
            return response
        }
    }

    /// Streams from the base model inside a span named `"<Model>.streamChat"` that ends with the
    /// stream.
    public func streamChat(
        _ messages: [ChatMessage],
        options: [String: JSONValue] = [:]
    ) -> SpannedStream<ChatEventStream<Base.ChatStream>> {
        let events = ChatEventStream(
            base: base.streamChat(messages, options: options),
            messages: messages,
            options: options,
            modelDict: base.modelDict,
            dispatcher: dispatcher
        )
        return dispatcher.span(streaming: events, "streamChat", instance: base, arguments: ["messages": messages])
    }
}

/// A streamed chat that emits LlamaIndex's chat events as it is consumed: start before the first
/// piece, in-progress for each, end with the last response when the stream ends.
public struct ChatEventStream<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ChatResponse {
    /// Each partial response.
    public typealias Element = ChatResponse

    let base: Base
    let messages: [ChatMessage]
    let options: [String: JSONValue]
    let modelDict: [String: JSONValue]
    let dispatcher: Dispatcher

    /// Iterates the base stream, emitting the events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let stream: ChatEventStream
        var started = false
        var last: ChatResponse?

        /// The next partial response.
        public mutating func next() async throws -> ChatResponse? {
            let stream = self.stream
            if !started {
                started = true
                stream.dispatcher.event(
                    LLMChatStartEvent(messages: stream.messages, additionalKwargs: stream.options, modelDict: stream.modelDict)
                )
            }
            guard let response = try await base.next() else {
                stream.dispatcher.event(LLMChatEndEvent(messages: stream.messages, response: last))
                return nil
            }
            last = response
            stream.dispatcher.event(LLMChatInProgressEvent(messages: stream.messages, response: response))
            return response
        }
    }

    /// Makes an iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), stream: self)
    }
}

/// A model you chat with: the Swift counterpart of LlamaIndex's LLM `chat` / `stream_chat`.
///
/// Conform a client (OpenAI, Anthropic, an on-device model) to it, then use
/// ``InstrumentableComponent/instrumented(dispatcher:)`` to make every call a span with LlamaIndex's chat events.
public protocol ChatModel: InstrumentableComponent {
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

/// An instrumented ``ChatModel``: its calls are spans that emit LlamaIndex's chat events, as LlamaIndex's own
/// LLM classes do: start (messages, options, `model_dict`), one in-progress event per streamed
/// piece, and end (messages, final response with its token usage). A streamed chat's span stays
/// open until the stream ends.
extension InstrumentedComponent: ChatModel where Base: ChatModel {
    /// The base model's settings.
    public var modelDict: [String: JSONValue] { base.modelDict }

    /// Calls the base model inside a span named `"<Model>.chat"`.
    public func chat(_ messages: [ChatMessage], options: [String: JSONValue] = [:]) async throws -> ChatResponse {
        try await instrumentedCall(
            "chat",
            arguments: ["messages": messages, "options": options],
            start: LLMChatStartEvent(messages: messages, additionalKwargs: options, modelDict: base.modelDict),
            end: {
                LLMChatEndEvent(
                    messages: messages,
                    response: costed($0, raw: $0.raw, options: options, modelDict: base.modelDict)
                )
            },
            calling: { try await base.chat(messages, options: options) }
        )
    }

    /// Streams from the base model inside a span named `"<Model>.streamChat"` that ends with the
    /// stream.
    public func streamChat(
        _ messages: [ChatMessage],
        options: [String: JSONValue] = [:]
    ) -> SpannedStream<LLMEventStream<Base.ChatStream>> {
        let dispatcher = self.dispatcher
        let modelDict = base.modelDict
        let events = LLMEventStream(
            base: base.streamChat(messages, options: options),
            onStart: {
                dispatcher.event(LLMChatStartEvent(messages: messages, additionalKwargs: options, modelDict: modelDict))
            },
            onPiece: { dispatcher.event(LLMChatInProgressEvent(messages: messages, response: $0)) },
            onEnd: { [self] in
                dispatcher.event(
                    LLMChatEndEvent(
                        messages: messages,
                        response: $0.map { costed($0, raw: $0.raw, options: options, modelDict: modelDict) }
                    )
                )
            }
        )
        return dispatcher.span(streaming: events, "streamChat", instance: base, arguments: ["messages": messages])
    }
}

/// Prediction from a prompt template: LlamaIndex's `LLM.predict` and `LLM.stream`.
extension InstrumentedComponent where Base: ChatModel {
    /// Fills in `template` with `variables` and asks the base model, inside a span named
    /// `"<Model>.predict"` with the reference's predict events around the chat call's span. The
    /// template, its variables and its version are the request context's prompt template (see
    /// `withRequestContext`) inside, so the chat span shows them.
    /// - Returns: the answer's text.
    /// - Throws: a ``PromptTemplateError`` (the span is dropped with it), or what the model throws.
    public func predict(
        _ template: PromptTemplate,
        _ variables: [String: String],
        options: [String: JSONValue] = [:]
    ) async throws -> String {
        try await withRequestContext(
            promptTemplate: template.text,
            promptVariables: variables.mapValues(JSONValue.string),
            promptVersion: template.version
        ) {
            try await instrumentedCall(
                "predict",
                arguments: ["template": template.text, "variables": variables],
                start: LLMPredictStartEvent(
                    template: template.modelDump,
                    templateArgs: variables.mapValues(JSONValue.string)
                ),
                end: { LLMPredictEndEvent(output: $0) },
                calling: { try await chat(template.formatMessages(variables), options: options).message.content ?? "" }
            )
        }
    }

    /// Fills in `template` with `variables` and streams the base model's answer: one span named
    /// `"<Model>.streamPredict"` that ends with the stream, holding the predict events and the
    /// streamed chat's span. The prompt template is recorded as in ``predict(_:_:options:)``.
    /// A ``PromptTemplateError`` is thrown by the first `next()`.
    public func streamPredict(
        _ template: PromptTemplate,
        _ variables: [String: String],
        options: [String: JSONValue] = [:]
    ) -> some AsyncSequence<ChatResponse, any Error> & Sendable {
        let dispatcher = self.dispatcher
        let arguments = variables.mapValues(JSONValue.string)
        let chat = DeferredStream { [self] in try streamChat(template.formatMessages(variables), options: options) }
        let events = LLMEventStream(
            base: chat,
            onStart: { dispatcher.event(LLMPredictStartEvent(template: template.modelDump, templateArgs: arguments)) },
            onPiece: { _ in },
            onEnd: { dispatcher.event(LLMPredictEndEvent(output: $0?.message.content ?? "")) }
        )
        return withRequestContext(
            promptTemplate: template.text,
            promptVariables: arguments,
            promptVersion: template.version
        ) {
            dispatcher.span(
                streaming: events,
                "streamPredict",
                instance: base,
                arguments: ["template": template.text, "variables": variables]
            )
        }
    }
}

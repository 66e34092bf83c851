/// A model that completes a prompt: the counterpart of LlamaIndex's LLM `complete` /
/// `stream_complete`.
public protocol CompletionModel: InstrumentableComponent {
    /// The stream of partial completions ``streamComplete(_:options:)`` returns.
    associatedtype CompletionStream: AsyncSequence & Sendable where CompletionStream.Element == CompletionResponse

    /// The model's settings, recorded as `model_dict`.
    var modelDict: [String: JSONValue] { get }

    /// Completes `prompt`.
    func complete(_ prompt: String, options: [String: JSONValue]) async throws -> CompletionResponse

    /// Completes `prompt` piece by piece.
    func streamComplete(_ prompt: String, options: [String: JSONValue]) -> CompletionStream
}

/// An instrumented ``CompletionModel``: its calls are spans with LlamaIndex's completion events; a streamed
/// completion's span stays open until the stream ends.
extension InstrumentedComponent: CompletionModel where Base: CompletionModel {
    /// The base model's settings.
    public var modelDict: [String: JSONValue] { base.modelDict }

    /// Completes inside a span named `"<Model>.complete"`.
    public func complete(_ prompt: String, options: [String: JSONValue] = [:]) async throws -> CompletionResponse {
        try await instrumentedCall(
            "complete",
            arguments: ["prompt": prompt, "options": options],
            start: LLMCompletionStartEvent(prompt: prompt, additionalKwargs: options, modelDict: base.modelDict),
            end: {
                LLMCompletionEndEvent(
                    prompt: prompt,
                    response: costed($0, raw: $0.raw, options: options, modelDict: base.modelDict)
                )
            },
            calling: { try await base.complete(prompt, options: options) }
        )
    }

    /// Streams inside a span named `"<Model>.streamComplete"` that ends with the stream.
    public func streamComplete(
        _ prompt: String,
        options: [String: JSONValue] = [:]
    ) -> SpannedStream<LLMEventStream<Base.CompletionStream>> {
        let dispatcher = self.dispatcher
        let modelDict = base.modelDict
        let events = LLMEventStream(
            base: base.streamComplete(prompt, options: options),
            onStart: {
                dispatcher.event(
                    LLMCompletionStartEvent(prompt: prompt, additionalKwargs: options, modelDict: modelDict)
                )
            },
            onPiece: { dispatcher.event(LLMCompletionInProgressEvent(prompt: prompt, response: $0)) },
            onEnd: { [self] in
                let response = costed(
                    $0 ?? CompletionResponse(text: ""),
                    raw: $0?.raw,
                    options: options,
                    modelDict: modelDict
                )
                dispatcher.event(LLMCompletionEndEvent(prompt: prompt, response: response))
            }
        )
        return dispatcher.span(streaming: events, "streamComplete", instance: base, arguments: ["prompt": prompt])
    }
}

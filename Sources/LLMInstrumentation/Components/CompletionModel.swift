/// A model that completes a prompt: the counterpart of LlamaIndex's LLM `complete` /
/// `stream_complete`.
public protocol CompletionModel: Sendable {
    /// The stream of partial completions ``streamComplete(_:options:)`` returns.
    associatedtype CompletionStream: AsyncSequence & Sendable where CompletionStream.Element == CompletionResponse

    /// The model's settings, recorded as `model_dict`.
    var modelDict: [String: JSONValue] { get }

    /// Completes `prompt`.
    func complete(_ prompt: String, options: [String: JSONValue]) async throws -> CompletionResponse

    /// Completes `prompt` piece by piece.
    func streamComplete(_ prompt: String, options: [String: JSONValue]) -> CompletionStream
}

extension CompletionModel {
    /// This model, with every call a span that emits `LLMCompletionStartEvent`,
    /// `LLMCompletionInProgressEvent` (streams) and `LLMCompletionEndEvent`.
    public func instrumented(dispatcher: Dispatcher) -> InstrumentedCompletionModel<Self> {
        InstrumentedCompletionModel(self, dispatcher: dispatcher)
    }
}

/// A ``CompletionModel`` whose calls are spans with LlamaIndex's completion events; a streamed
/// completion's span stays open until the stream ends.
public struct InstrumentedCompletionModel<Base: CompletionModel>: CompletionModel {
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

    /// Completes inside a span named `"<Model>.complete"`.
    public func complete(_ prompt: String, options: [String: JSONValue] = [:]) async throws -> CompletionResponse {
        let dispatcher = self.dispatcher
        let base = self.base
        return try await dispatcher.span("complete", instance: base, arguments: ["prompt": prompt, "options": options]) {
            () async throws -> CompletionResponse in
            dispatcher.event(LLMCompletionStartEvent(prompt: prompt, additionalKwargs: options, modelDict: base.modelDict))
            let response = try await base.complete(prompt, options: options)
            dispatcher.event(LLMCompletionEndEvent(prompt: prompt, response: response))
            return response
        }
    }

    /// Streams inside a span named `"<Model>.streamComplete"` that ends with the stream.
    public func streamComplete(
        _ prompt: String,
        options: [String: JSONValue] = [:]
    ) -> SpannedStream<CompletionEventStream<Base.CompletionStream>> {
        let events = CompletionEventStream(
            base: base.streamComplete(prompt, options: options),
            prompt: prompt,
            options: options,
            modelDict: base.modelDict,
            dispatcher: dispatcher
        )
        return dispatcher.span(streaming: events, "streamComplete", instance: base, arguments: ["prompt": prompt])
    }
}

/// A streamed completion that emits LlamaIndex's completion events as it is consumed.
public struct CompletionEventStream<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable
where Base.Element == CompletionResponse {
    /// Each partial completion.
    public typealias Element = CompletionResponse

    let base: Base
    let prompt: String
    let options: [String: JSONValue]
    let modelDict: [String: JSONValue]
    let dispatcher: Dispatcher

    /// Iterates the base stream, emitting the events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let stream: CompletionEventStream
        var started = false
        var last: CompletionResponse?

        /// The next partial completion.
        public mutating func next() async throws -> CompletionResponse? {
            let stream = self.stream
            if !started {
                started = true
                stream.dispatcher.event(
                    LLMCompletionStartEvent(prompt: stream.prompt, additionalKwargs: stream.options, modelDict: stream.modelDict)
                )
            }
            guard let response = try await base.next() else {
                stream.dispatcher.event(
                    LLMCompletionEndEvent(prompt: stream.prompt, response: last ?? CompletionResponse(text: ""))
                )
                return nil
            }
            last = response
            stream.dispatcher.event(LLMCompletionInProgressEvent(prompt: stream.prompt, response: response))
            return response
        }
    }

    /// Makes an iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), stream: self)
    }
}

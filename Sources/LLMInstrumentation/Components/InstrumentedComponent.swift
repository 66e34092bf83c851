/// A component whose calls are spans that emit LlamaIndex's events: what `instrumented(dispatcher:)`
/// returns for a ``ChatModel``, ``CompletionModel``, ``EmbeddingModel``, ``Retriever``,
/// ``Reranker`` or ``Tool``.
///
/// It is that kind of component whenever `Base` is (one conditional conformance each), so a
/// type that is both a chat model and a completion model is wrapped once and used as both:
///
/// ```swift
/// let model = MyModel().instrumented(dispatcher: .named("MyApp.llm"))
/// let answer = try await model.chat(messages, options: [:])   // a span with the chat events
/// let text = try await model.complete(prompt, options: [:])   // a span with the completion events
/// ```
///
/// Each call is a span named after the base type and the method (`"MyModel.chat"`); a streamed
/// call's span stays open until its stream ends.
public struct InstrumentedComponent<Base: InstrumentableComponent>: InstrumentableComponent {
    /// The component called.
    public let base: Base
    /// Where spans and events go.
    public let dispatcher: Dispatcher

    /// Wraps `base`, sending its spans and events to `dispatcher`.
    public init(_ base: Base, dispatcher: Dispatcher) {
        self.base = base
        self.dispatcher = dispatcher
    }
}

extension InstrumentedComponent {
    /// `response` with its cost (see ``TokenCost``) when it reports token usage and
    /// ``ModelPriceTable/current`` prices its model: the model the server says answered, else the
    /// one asked for in `options`, else the base model's. A model without a price is logged once
    /// (at notice level), unusable counts each time (as a warning); the response then has no cost.
    func costed<Response: TokenUsageReporting>(
        _ response: Response,
        raw: JSONValue?,
        options: [String: JSONValue],
        modelDict: [String: JSONValue]
    ) -> Response {
        guard let usage = response.tokenUsage,
            let model = raw?["model"]?.stringValue ?? options["model"]?.stringValue ?? modelDict["model"]?.stringValue
        else { return response }
        var response = response
        do {
            response.cost = try ModelPriceTable.current.cost(model: model, usage: usage)
        } catch {
            response.cost = nil
            if case .unknownModel = error.kind {
                guard unknownModelsReported.withLock({ $0.count < 1_000 && $0.insert(model).inserted }) else {
                    return response
                }
                dispatcher.registry.diagnosticLogger.notice("\(error.description)")
            } else {
                dispatcher.registry.diagnosticLogger.warning("\(error.description) (model \(model))")
            }
        }
        return response
    }

    /// The shape of every instrumented call: `body` runs inside a span named `name` (after the
    /// base type), with `start` emitted before it and the event `end` makes of its result after
    /// it; a thrown error drops the span instead.
    func instrumentedCall<Result: Sendable>(
        _ name: String,
        arguments: @autoclosure () -> BoundArguments,
        start: @autoclosure () -> some Event,
        end: (Result) -> some Event,
        calling body: () async throws -> Result
    ) async throws -> Result {
        let dispatcher = self.dispatcher
        return try await dispatcher.span(name, instance: base, arguments: arguments()) { () async throws -> Result in
            dispatcher.event(start())
            let result = try await body()
            dispatcher.event(end(result))
            return result
        }
    }
}

/// The models without a price already logged (see `InstrumentedComponent.costed`).
private let unknownModelsReported = LockedValue<Set<String>>([])

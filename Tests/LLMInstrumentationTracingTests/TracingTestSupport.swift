import Foundation
import InMemoryLogging
import InMemoryTracing
import LLMInstrumentation
import LLMInstrumentationTracing
import Logging
import Tracing

/// One test's world: a registry of its own (so tests running in parallel never share handlers),
/// a real `InMemoryTracer`, and a bridge installed on a dispatcher, with the bridge's and the
/// registry's diagnostics recorded in memory.
struct TracedWorld {
    let tracer: InMemoryTracer
    let bridge: TracingBridge
    let dispatcher: Dispatcher
    let bridgeLogs = InMemoryLogHandler()
    let registryLogs = InMemoryLogHandler()

    init(
        name: String = "app",
        tracer: InMemoryTracer = InMemoryTracer(),
        configuration: TracingConfiguration = TracingConfiguration()
    ) {
        let bridgeLogs = self.bridgeLogs
        let registryLogs = self.registryLogs
        let registry = DispatcherRegistry(diagnosticLogger: Logger(label: "registry") { _ in registryLogs })
        self.tracer = tracer
        self.dispatcher = registry.dispatcher(named: name)
        self.bridge = TracingBridge(
            tracer: tracer,
            logger: Logger(label: "tracing") { _ in bridgeLogs },
            configuration: configuration
        )
        bridge.install(on: dispatcher)
    }

    /// The finished spans named `name`, in the order they ended.
    func finished(_ name: String) -> [FinishedInMemorySpan] {
        tracer.finishedSpans.filter { $0.operationName == name }
    }

    /// The only finished span named `name`.
    func span(_ name: String) throws -> FinishedInMemorySpan {
        let spans = finished(name)
        guard spans.count == 1 else { throw MissingSpan(name: name, found: tracer.finishedSpans.map(\.operationName)) }
        return spans[0]
    }

    /// Runs `body` in a span named `name` and returns the finished tracer span.
    func traced(_ name: String = "step", _ body: (Dispatcher) -> Void) throws -> FinishedInMemorySpan {
        let dispatcher = self.dispatcher
        dispatcher.span(name) { body(dispatcher) }
        return try span(name)
    }
}

struct MissingSpan: Error, CustomStringConvertible {
    var name: String
    var found: [String]
    var description: String { "no single finished span named \(name); finished: \(found)" }
}

struct IndexOffline: Error, CustomStringConvertible {
    var description: String { "index offline" }
}

extension FinishedInMemorySpan {
    /// The attribute `key`.
    subscript(key: String) -> SpanAttribute? {
        attributes.get(key)
    }

    /// The attribute `key` when it is a string.
    func string(_ key: String) -> String? {
        if case .string(let text)? = attributes.get(key) { return text }
        return nil
    }

    /// The attribute `key` when it is an integer.
    func int(_ key: String) -> Int? {
        switch attributes.get(key) {
        case .int64(let value)?: return Int(value)
        case .int32(let value)?: return Int(value)
        default: return nil
        }
    }

    /// The names of the span's events, in order.
    var eventNames: [String] { events.map(\.name) }

    /// The keys of the attributes.
    var attributeKeys: Set<String> {
        var keys: Set<String> = []
        // `SpanAttributes` is not a `Sequence`: `forEach` is its only way through.
        // swift-format-ignore: ReplaceForEachWithForLoop
        attributes.forEach { key, _ in keys.insert(key) }
        return keys
    }
}

/// Runs `body` on a new `Thread` and returns its result.
func onNewThread<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}

/// A chat model that answers from a script: the whole answer, or the answer piece by piece.
struct ScriptedChatModel: ChatModel {
    var pieces: [String]
    var usage = TokenUsage(promptTokens: 12, completionTokens: 3)

    var modelDict: [String: JSONValue] { ["model": "scripted-1", "temperature": 0.5] }

    func chat(_ messages: [ChatMessage], options: [String: JSONValue]) async throws -> ChatResponse {
        var response = ChatResponse(message: ChatMessage(role: .assistant, content: pieces.joined()))
        response.tokenUsage = usage
        return response
    }

    func streamChat(
        _ messages: [ChatMessage],
        options: [String: JSONValue]
    ) -> AsyncThrowingStream<ChatResponse, any Error> {
        let pieces = self.pieces
        let usage = self.usage
        return AsyncThrowingStream { continuation in
            var text = ""
            for (index, piece) in pieces.enumerated() {
                text += piece
                var response = ChatResponse(message: ChatMessage(role: .assistant, content: text), delta: piece)
                if index == pieces.count - 1 { response.tokenUsage = usage }
                continuation.yield(response)
            }
            continuation.finish()
        }
    }
}

/// A completion model that completes from a script.
struct ScriptedCompletionModel: CompletionModel {
    var pieces: [String]

    var modelDict: [String: JSONValue] { ["model": "scripted-complete-1"] }

    func complete(_ prompt: String, options: [String: JSONValue]) async throws -> CompletionResponse {
        CompletionResponse(text: pieces.joined())
    }

    func streamComplete(
        _ prompt: String,
        options: [String: JSONValue]
    ) -> AsyncThrowingStream<CompletionResponse, any Error> {
        let pieces = self.pieces
        return AsyncThrowingStream { continuation in
            var text = ""
            for piece in pieces {
                text += piece
                continuation.yield(CompletionResponse(text: text, delta: piece))
            }
            continuation.finish()
        }
    }
}

import Foundation
import LLMInstrumentation
import LLMModelClients
import NIOCore
import NIOPosix
import Testing

private let apiKey = "sk-secret-77aa91c3e5"

private let messages = [ChatMessage(role: .user, content: "Hi")]

/// Runs `body`, expecting a ``ModelClientError``, and returns it.
private func modelError(_ body: () async throws -> Void) async throws -> ModelClientError {
    do {
        try await body()
    } catch let error as ModelClientError {
        return error
    }
    Issue.record("no error was thrown")
    throw CancellationError()
}

/// The first chunk of a streamed chat: `"Hel"`.
private let first = sse(#"{"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"Hel"}}]}"#)

/// A server that sends the first chunk of a stream and then holds it open, and an instrumented
/// client of it.
private func stalledStream() async throws -> (
    ScriptedModelServer, TracedWorld, InstrumentedComponent<OpenAICompatibleClient>
) {
    let server = try await ScriptedModelServer.start { _ in .events([first], staysOpen: true) }
    let world = try TracedWorld()
    let model = OpenAICompatibleClient(baseURL: server.baseURL, apiKey: apiKey, model: "m")
        .instrumented(dispatcher: world.dispatcher)
    return (server, world, model)
}

@Suite("Model API failures become errors a developer can act on, and the span is dropped with their text")
struct ModelClientFailureTests {
    @Test("an HTTP error keeps the status, the provider's type, code and message, and the request id")
    func httpError() async throws {
        let body = """
            {"error": {"message": "Rate limit reached for gpt-4o. Key \(apiKey) is over its quota.",
                       "type": "requests", "code": "rate_limit_exceeded", "param": null}}
            """
        let server = try await ScriptedModelServer.start { _ in
            .json(body, status: .tooManyRequests, headers: [("x-request-id", "req_429")])
        }
        defer { Task { try await server.shutdown() } }
        let world = try TracedWorld()
        let model = OpenAICompatibleClient(baseURL: server.baseURL, apiKey: apiKey, model: "gpt-4o")
            .instrumented(dispatcher: world.dispatcher)

        let error = try await modelError { _ = try await model.chat(messages) }

        #expect(error.kind == .http)
        #expect(error.statusCode == 429)
        #expect(error.errorType == "requests")
        #expect(error.errorCode == "rate_limit_exceeded")
        #expect(error.requestID == "req_429")
        #expect(error.provider == "openai")
        #expect(error.message == "Rate limit reached for gpt-4o. Key [redacted] is over its quota.")
        #expect(String(describing: error).hasPrefix("openai HTTP 429 requests (rate_limit_exceeded): Rate limit"))
        let dropped = try #require(world.spans.droppedSpans.first)
        #expect(dropped.metadata?["error"]?.stringValue == String(describing: error))
        #expect(world.spans.completedSpans.isEmpty)
    }

    @Test("a stream cut mid-stream, and one that ends inside an event, throw streamCut and drop the span")
    func streamCut() async throws {
        for (ending, closes) in [("", true), (#"data: {"id":"c","choices":[{"ind"#, false)] {
            let server = try await ScriptedModelServer.start { _ in .events([first, ending], closesBeforeEnd: closes) }
            defer { Task { try await server.shutdown() } }
            let world = try TracedWorld()
            let model = OpenAICompatibleClient(baseURL: server.baseURL, apiKey: apiKey, model: "m")
                .instrumented(dispatcher: world.dispatcher)
            var deltas: [String] = []

            let error = try await modelError {
                for try await response in model.streamChat(messages) { deltas.append(response.delta ?? "") }
            }

            #expect(error.kind == .streamCut)
            #expect(deltas == ["Hel"])
            if !closes { #expect(error.message.contains(#"{"id":"c","choices":[{"ind"#)) }
            #expect(world.spans.droppedSpans.count == 1)
            #expect(world.events.events(of: LLMChatInProgressEvent.self).count == 1)
        }
    }

    @Test("a response that is not JSON, or lacks its choices, is a malformed response")
    func malformedResponses() async throws {
        for body in ["<html>502 Bad Gateway</html>", #"{"id": "x", "object": "chat.completion"}"#] {
            let server = try await ScriptedModelServer.start { _ in .json(body) }
            defer { Task { try await server.shutdown() } }
            let model = OpenAICompatibleClient(baseURL: server.baseURL, apiKey: apiKey, model: "m")

            let error = try await modelError { _ = try await model.chat(messages) }

            #expect(error.kind == .malformedResponse)
            #expect(error.message.contains(body.hasPrefix("<") ? "not JSON: <html>502" : "without choices"))
        }
        let server = try await ScriptedModelServer.start { _ in .events([sse("{not json")]) }
        defer { Task { try await server.shutdown() } }
        let model = OpenAICompatibleClient(baseURL: server.baseURL, apiKey: apiKey, model: "m")
        let error = try await modelError { for try await _ in model.streamChat(messages) {} }
        #expect(error.kind == .malformedResponse)
    }

    @Test("a port nobody listens on is a connection failure")
    func connectionRefused() async throws {
        // Bind a port, then close it, so that nothing listens there.
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress!.port!
        try await channel.close()
        let model = OpenAICompatibleClient(baseURL: "http://127.0.0.1:\(port)/v1", apiKey: apiKey, model: "m")

        let error = try await modelError { _ = try await model.chat(messages) }

        #expect(error.kind == .connectionFailed)
        #expect(error.message.contains("127.0.0.1:\(port)"))
    }

    @Test("a server slower than the timeout is a timeout")
    func timeout() async throws {
        let server = try await ScriptedModelServer.start { _ in .events([], staysOpen: true) }
        defer { Task { try await server.shutdown() } }
        let model = OpenAICompatibleClient(
            baseURL: server.baseURL,
            apiKey: apiKey,
            model: "m",
            timeout: .milliseconds(300)
        )

        let error = try await modelError { for try await _ in model.streamChat(messages) {} }

        #expect(error.kind == .timeout)
    }

    @Test("cancelling the consumer of a stream closes the connection and drops the span")
    func cancellationClosesTheConnection() async throws {
        let (server, world, model) = try await stalledStream()
        defer { Task { try await server.shutdown() } }
        let (firstChunk, firstChunkSeen) = AsyncStream<Void>.makeStream()

        let consumer = Task {
            for try await _ in model.streamChat(messages) { firstChunkSeen.yield() }
        }
        var chunks = firstChunk.makeAsyncIterator()
        _ = await chunks.next()
        consumer.cancel()
        _ = await consumer.result

        var closed = server.closedConnections.makeAsyncIterator()
        #expect(await closed.next() != nil)
        #expect(world.spans.droppedSpans.count == 1)
        #expect(world.spans.completedSpans.isEmpty)
    }

    @Test("a stream abandoned unconsumed sends nothing and drops the span; one abandoned mid-way closes its connection")
    func abandonedStreams() async throws {
        let (server, world, model) = try await stalledStream()
        defer { Task { try await server.shutdown() } }

        do { _ = model.streamChat(messages) }
        #expect(world.spans.droppedSpans.count == 1)
        #expect(server.requests.isEmpty)

        do {
            var iterator = model.streamChat(messages).makeAsyncIterator()
            _ = try await iterator.next()
        }
        var closed = server.closedConnections.makeAsyncIterator()
        #expect(await closed.next() != nil)
        #expect(world.spans.droppedSpans.count == 2)
    }
}

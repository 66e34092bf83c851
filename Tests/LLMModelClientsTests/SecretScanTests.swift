import Foundation
import InMemoryLogging
import InMemoryTracing
import LLMInstrumentation
import LLMInstrumentationLogging
import LLMInstrumentationTracing
import LLMModelClients
import Logging
import Testing

@Suite("The API key is never recorded")
struct SecretScanTests {
    @Test(
        "after chats, streams, a completion, embeddings and errors that echo it, no event, span, export line, log line, trace or error holds the key"
    )
    func keyIsNowhere() async throws {
        let key = "sk-live-9d8c7b6a5f4e3d2c1b0a"
        let server = try await ScriptedModelServer.start { request in
            switch request.json?["messages"]?.arrayValue?.last?["content"]?.stringValue ?? request.path {
            case "fail":
                return .json(
                    #"{"error": {"message": "Incorrect API key provided: \#(key).", "type": "invalid_request_error", "code": "invalid_api_key"}}"#,
                    status: .unauthorized
                )
            case "stream-fail":
                return .events([sse(#"{"error": {"message": "key \#(key) revoked", "type": "auth"}}"#)])
            case "stream":
                return .events([
                    sse(#"{"id":"s","model":"m","choices":[{"index":0,"delta":{"content":"ok"}}]}"#),
                    sse(
                        #"{"id":"s","model":"m","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}"#
                    ),
                    "data: [DONE]\n\n",
                ])
            case "/v1/completions":
                return .json(
                    #"{"id": "c", "model": "m", "choices": [{"index": 0, "text": "done", "finish_reason": "stop"}]}"#
                )
            case "/v1/messages" where request.json?["stream"] == true:
                return .events([
                    "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"authentication_error\", \"message\": \"bad key \(key)\"}}\n\n"
                ])
            case "/v1/messages":
                return .json(
                    #"{"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key \#(key)"}}"#,
                    status: .unauthorized
                )
            case "/v1/embeddings":
                return .json(#"{"data": [{"index": 0, "embedding": [0.5, 0.25]}], "model": "e"}"#)
            default:
                return .json(
                    #"{"id": "c", "model": "m", "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}]}"#
                )
            }
        }
        defer { Task { try await server.shutdown() } }

        let logs = InMemoryLogHandler()
        var logger = Logger(label: "secret-scan") { _ in logs }
        logger.logLevel = .trace
        let world = try TracedWorld(diagnosticLogger: logger)
        world.dispatcher.addEventHandler(LoggingEventHandler(logger: logger, defaultLevel: .info))
        world.dispatcher.addSpanHandler(LoggingSpanHandler(logger: logger, level: .info))
        let tracer = InMemoryTracer()
        TracingBridge(tracer: tracer, logger: logger).install(on: world.dispatcher)
        let model = OpenAICompatibleClient(baseURL: server.baseURL, apiKey: key, model: "m")
            .instrumented(dispatcher: world.dispatcher)

        let claude = AnthropicClient(baseURL: server.origin, apiKey: key, model: "c")
            .instrumented(dispatcher: world.dispatcher)

        var errors: [String] = []
        _ = try await model.chat([ChatMessage(role: .user, content: "hello")])
        for try await _ in model.streamChat([ChatMessage(role: .user, content: "stream")]) {}
        _ = try await model.complete("finish this")
        _ = try await model.embed(["text"])
        do { _ = try await model.chat([ChatMessage(role: .user, content: "fail")]) } catch {
            errors.append(String(describing: error))
            errors.append(String(reflecting: error))
        }
        do { for try await _ in model.streamChat([ChatMessage(role: .user, content: "stream-fail")]) {} } catch {
            errors.append(String(describing: error))
            errors.append(String(reflecting: error))
        }

        do { _ = try await claude.chat([ChatMessage(role: .user, content: "hello")]) } catch {
            errors.append(String(describing: error))
            errors.append(String(reflecting: error))
        }
        do { for try await _ in claude.streamChat([ChatMessage(role: .user, content: "hello")]) {} } catch {
            errors.append(String(describing: error))
            errors.append(String(reflecting: error))
        }

        // The key did go out, in the header, and came back in the bodies.
        #expect(
            server.requests.allSatisfy {
                $0.headers["authorization"] == "Bearer \(key)" || $0.headers["x-api-key"] == key
            }
        )
        #expect(server.requests.count == 8)
        #expect(errors.count == 8)

        var recorded: [(place: String, text: String)] = []
        recorded += world.events.dumps.map { ("event", $0) }
        recorded += (world.spans.completedSpans + world.spans.droppedSpans).map { ("span", String(reflecting: $0)) }
        recorded += try world.exportedText().split(separator: "\n").map { ("export line", String($0)) }
        recorded += logs.entries.map { ("log line", "\($0.message) \($0.metadata) \(String(describing: $0.error))") }
        recorded += tracer.finishedSpans.map {
            ("trace", "\($0.operationName) \($0.attributes) \($0.events) \($0.errors)")
        }
        recorded += errors.map { ("error", $0) }
        #expect(recorded.count > 40)
        for (place, text) in recorded {
            #expect(!text.contains(key), "the key is in a \(place): \(text.prefix(300))")
        }
        // What was redacted says so.
        #expect(errors[0].contains("Incorrect API key provided: [redacted]."))
        #expect(errors[2].contains("key [redacted] revoked"))
        #expect(errors[4].contains("invalid x-api-key [redacted]"))
        #expect(errors[6].contains("bad key [redacted]"))
    }
}

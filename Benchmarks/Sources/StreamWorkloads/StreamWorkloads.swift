import Foundation
import LLMInstrumentation
import LLMModelClients
import NIOCore
import NIOHTTP1
import NIOPosix

/// What instrumentation costs per streamed chunk of a model's answer, with the JSON-lines exporter
/// attached (every chunk is an `LLMChatInProgressEvent` holding the messages and the answer so
/// far, as in the reference):
///
/// - `client_*`: `OpenAICompatibleClient.streamChat` against a server on 127.0.0.1 that streams a
///   400-chunk answer (one word each, with a usage chunk), plain and instrumented, in alternating
///   rounds; the difference per chunk is the instrumentation's cost there.
/// - `replay_*`: the same 400 chat responses replayed by an in-memory chat model, plain and
///   instrumented: the instrumentation alone, without the network and the parsing.
///
/// Prints one JSON line per measure: {"workload": NAME, "ns_per_chunk": N}, the median of 7 rounds.
/// Usage: swift run -c release --package-path Benchmarks StreamWorkloads [STREAMS_PER_ROUND]
@main
enum StreamWorkloads {
    static let chunkCount = 400
    static let messages = [
        ChatMessage(role: .system, content: String(repeating: "Context about Swift concurrency. ", count: 20)),
        ChatMessage(role: .user, content: "How do task-local values reach child tasks?"),
    ]

    static func main() async throws {
        // Off the main actor, as in a server: the streams' iterators then run where they are
        // called, without a hop between executors on every chunk.
        try await Task.detached { try await run() }.value
    }

    static func run() async throws {
        let streams = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 20
        let server = try await StreamingServer.start(body: sseBody())
        let plain = OpenAICompatibleClient(baseURL: server.baseURL, apiKey: nil, model: "bench")
        let exportURL = FileManager.default.temporaryDirectory.appendingPathComponent("stream-bench-\(getpid()).jsonl")
        let exporter = try JSONLinesExporter(url: exportURL)
        let dispatcher = DispatcherRegistry().dispatcher(named: "bench.streams")
        dispatcher.propagate = false
        exporter.install(on: dispatcher)
        let instrumented = plain.instrumented(dispatcher: dispatcher)
        let replay = ReplayChatModel(responses: try await collect(plain.streamChat(messages)))
        let instrumentedReplay = replay.instrumented(dispatcher: dispatcher)

        var samples: [String: [Double]] = [:]
        for _ in 0..<7 {
            samples["client_plain", default: []].append(try await perChunk(streams) { try await collect(plain.streamChat(messages)) })
            samples["client_instrumented", default: []].append(
                try await perChunk(streams) { try await collect(instrumented.streamChat(messages)) }
            )
            samples["replay_plain", default: []].append(try await perChunk(streams * 5) { try await collect(replay.streamChat(messages)) })
            samples["replay_instrumented", default: []].append(
                try await perChunk(streams * 5) { try await collect(instrumentedReplay.streamChat(messages)) }
            )
            exporter.flush()
        }
        exporter.close()
        let size = (try? FileManager.default.attributesOfItem(atPath: exportURL.path)[.size] as? Int) ?? 0
        try? FileManager.default.removeItem(at: exportURL)
        for name in ["client_plain", "client_instrumented", "replay_plain", "replay_instrumented"] {
            print(#"{"workload": "\#(name)", "ns_per_chunk": \#(median(samples[name]!))}"#)
        }
        print(#"{"workload": "export_bytes_per_chunk", "bytes": \#(size / max(1, 7 * (streams + streams * 5) * (chunkCount + 1)))}"#)
        try await server.shutdown()
    }

    /// Nanoseconds per chunk over `streams` streams.
    static func perChunk(_ streams: Int, _ body: @Sendable () async throws -> Int) async throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        var chunks = 0
        for _ in 0..<streams { chunks += try await body() }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(max(chunks, 1))
    }

    static func collect<S: AsyncSequence>(_ stream: S) async throws -> Int {
        var count = 0
        for try await _ in stream { count += 1 }
        return count
    }

    static func collect(_ stream: ModelResponseStream<ChatResponse>) async throws -> [ChatResponse] {
        var responses: [ChatResponse] = []
        for try await response in stream { responses.append(response) }
        return responses
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return (sorted[sorted.count / 2] * 10).rounded() / 10
    }

    /// The answer as OpenAI streams it: a word per chunk, then the usage chunk and `[DONE]`.
    static func sseBody() -> String {
        var body = ""
        for index in 0..<chunkCount {
            body += #"data: {"id":"chatcmpl-b","object":"chat.completion.chunk","created":1,"model":"bench","choices":[{"index":0,"delta":{"content":"word\#(index) "},"finish_reason":null}]}"# + "\n\n"
        }
        body += #"data: {"id":"chatcmpl-b","object":"chat.completion.chunk","created":1,"model":"bench","choices":[],"usage":{"prompt_tokens":200,"completion_tokens":400,"total_tokens":600}}"# + "\n\n"
        return body + "data: [DONE]\n\n"
    }
}

/// A chat model that replays recorded responses from memory.
struct ReplayChatModel: ChatModel {
    let responses: [ChatResponse]
    var modelDict: [String: JSONValue] { ["model": "replay"] }

    func chat(_ messages: [ChatMessage], options: [String: JSONValue]) async throws -> ChatResponse {
        responses[responses.count - 1]
    }

    func streamChat(_ messages: [ChatMessage], options: [String: JSONValue] = [:]) -> AsyncThrowingStream<ChatResponse, any Error> {
        AsyncThrowingStream { continuation in
            for response in responses { continuation.yield(response) }
            continuation.finish()
        }
    }
}

/// An HTTP server on 127.0.0.1 that answers every request with one Server-Sent Events body.
final class StreamingServer: Sendable {
    private let channel: any Channel
    var baseURL: String { "http://127.0.0.1:\(channel.localAddress!.port!)/v1" }

    private init(channel: any Channel) { self.channel = channel }

    static func start(body: String) async throws -> StreamingServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(body: body))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return StreamingServer(channel: channel)
    }

    func shutdown() async throws { try await channel.close() }

    private final class Handler: ChannelInboundHandler, Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let body: String
        init(body: String) { self.body = body }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .end = unwrapInboundIn(data) else { return }
            let head = HTTPResponseHead(version: .http1_1, status: .ok, headers: ["content-type": "text/event-stream"])
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            // A write per chunk, as a model server sends them.
            for piece in body.split(separator: "\n\n", omittingEmptySubsequences: true) {
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: piece + "\n\n")))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}

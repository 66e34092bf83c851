import Foundation
import LLMInstrumentation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP server on 127.0.0.1 that answers each request as a test's script says: a status,
/// headers, and a body written in pieces, each flushed on its own (so that a stream arrives as
/// the script splits it), optionally cut off before its end or left open until the client goes.
final class ScriptedModelServer: Sendable {
    /// One answer.
    struct Reply: Sendable {
        var status: HTTPResponseStatus = .ok
        var headers: [(String, String)] = [("content-type", "application/json")]
        var pieces: [String]
        /// Close the connection after the pieces, without ending the body.
        var closesBeforeEnd = false
        /// Leave the body open after the pieces until the client closes the connection.
        var staysOpen = false

        static func json(_ text: String, status: HTTPResponseStatus = .ok, headers: [(String, String)] = []) -> Reply {
            Reply(status: status, headers: [("content-type", "application/json")] + headers, pieces: [text])
        }

        static func events(_ pieces: [String], closesBeforeEnd: Bool = false, staysOpen: Bool = false) -> Reply {
            Reply(
                headers: [("content-type", "text/event-stream")],
                pieces: pieces,
                closesBeforeEnd: closesBeforeEnd,
                staysOpen: staysOpen
            )
        }
    }

    /// A request as the server received it.
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
        var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)) }
    }

    private let channel: any Channel
    private let received = Mutex<[Request]>([])
    /// Yields once for each connection the client closed.
    let closedConnections: AsyncStream<Void>
    private let closedContinuation: AsyncStream<Void>.Continuation
    private let reply: @Sendable (Request) -> Reply

    /// The server's origin, `http://127.0.0.1:<port>`: the base URL of the Anthropic API.
    var origin: String { "http://127.0.0.1:\(channel.localAddress!.port!)" }

    /// The OpenAI-compatible API's base URL on this server (`http://127.0.0.1:<port>/v1`).
    var baseURL: String { origin + "/v1" }

    /// The requests received so far, oldest first.
    var requests: [Request] { received.withLock { $0 } }

    private init(
        channel: any Channel,
        reply: @escaping @Sendable (Request) -> Reply,
        closed: (AsyncStream<Void>, AsyncStream<Void>.Continuation)
    ) {
        self.channel = channel
        self.reply = reply
        (closedConnections, closedContinuation) = closed
    }

    /// Starts a server on a free port of 127.0.0.1 that answers every request with `reply`.
    static func start(_ reply: @escaping @Sendable (Request) -> Reply) async throws -> ScriptedModelServer {
        let closed = AsyncStream<Void>.makeStream()
        let box = Mutex<ScriptedModelServer?>(nil)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        Handler(server: { box.withLock { $0! } })
                    )
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let server = ScriptedModelServer(channel: channel, reply: reply, closed: closed)
        box.withLock { $0 = server }
        return server
    }

    /// Stops listening.
    func shutdown() async throws {
        try await channel.close()
        closedContinuation.finish()
    }

    fileprivate func answer(_ request: Request) -> Reply {
        received.withLock { $0.append(request) }
        return reply(request)
    }

    fileprivate func connectionClosed() {
        closedContinuation.yield()
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let server: @Sendable () -> ScriptedModelServer
        private var head: HTTPRequestHead?
        private var body = ""

        init(server: @escaping @Sendable () -> ScriptedModelServer) {
            self.server = server
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = ""
            case .body(var buffer):
                body += buffer.readString(length: buffer.readableBytes) ?? ""
            case .end:
                guard let head else { return }
                let request = Request(
                    method: head.method.rawValue,
                    path: head.uri,
                    headers: Dictionary(head.headers.map { ($0.name.lowercased(), $0.value) }) { first, _ in first },
                    body: body
                )
                respond(server().answer(request), context: context)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            server().connectionClosed()
            context.fireChannelInactive()
        }

        private func respond(_ reply: Reply, context: ChannelHandlerContext) {
            var headers = HTTPHeaders(reply.headers)
            if reply.pieces.count == 1, !reply.closesBeforeEnd, !reply.staysOpen {
                headers.replaceOrAdd(name: "content-length", value: String(reply.pieces[0].utf8.count))
            }
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: reply.status, headers: headers))),
                promise: nil
            )
            for piece in reply.pieces {
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: piece)))), promise: nil)
            }
            if reply.closesBeforeEnd {
                context.close(promise: nil)
            } else if !reply.staysOpen {
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}

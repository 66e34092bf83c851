import AsyncHTTPClient
import LLMInstrumentation
import NIOCore

/// A streamed answer of a model API: the request is sent when iteration begins, the response's
/// Server-Sent Events are read as they arrive, and each becomes one element (a chat response or a
/// completion holding the text so far, with the new piece in its `delta`).
///
/// The stream ends at the API's end marker (`data: [DONE]`, `message_stop`); a body that ends
/// before it throws a ``ModelClientError`` of kind ``ModelClientError/Kind/streamCut``. Cancelling
/// the task that iterates, or dropping the iterator, closes the connection.
public struct ModelResponseStream<Element: Sendable>: AsyncSequence, Sendable {
    /// What one Server-Sent Event means to the stream.
    enum Step {
        /// An element to hand on.
        case element(Element)
        /// Nothing to hand on (a ping, a role-only chunk).
        case skip
        /// The end marker.
        case end
    }

    let transport: ModelHTTPTransport
    let path: String
    let body: JSONValue
    /// Makes, for each iteration, the function that reads its events in order (it keeps what the
    /// earlier events said).
    let makeReader: @Sendable () -> (ServerSentEventParser.Event) throws -> Step

    /// Reads the stream.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private let stream: ModelResponseStream
        private var body: HTTPClientResponse.Body.AsyncIterator?
        private var requestID: String?
        private var read: (ServerSentEventParser.Event) throws -> Step
        private var parser = ServerSentEventParser()
        private var events: [ServerSentEventParser.Event] = []
        private var nextEvent = 0
        private var isFinished = false

        init(_ stream: ModelResponseStream) {
            self.stream = stream
            self.read = stream.makeReader()
        }

        /// The next element, `nil` after the end marker.
        public mutating func next() async throws -> Element? {
            while !isFinished {
                while nextEvent < events.count {
                    let event = events[nextEvent]
                    nextEvent += 1
                    let step: Step
                    do {
                        step = try read(event)
                    } catch {
                        isFinished = true
                        throw error
                    }
                    switch step {
                    case .element(let element): return element
                    case .skip: continue
                    case .end:
                        isFinished = true
                        body = nil
                        return nil
                    }
                }
                events.removeAll(keepingCapacity: true)
                nextEvent = 0
                try await readMore()
            }
            return nil
        }

        /// Sends the request if not yet done, then reads the next piece of the body into `events`.
        private mutating func readMore() async throws {
            do {
                if body == nil {
                    let response = try await stream.transport.post(stream.path, body: stream.body)
                    requestID = stream.transport.requestID(response.headers)
                    body = response.body.makeAsyncIterator()
                }
                guard let piece = try await body?.next() else {
                    isFinished = true
                    body = nil
                    let ending = parser.finish()
                    var message = "the stream ended before its end marker"
                    if case .cutShort(let text) = ending { message += ", inside an event: \(text.prefix(200))" }
                    throw ModelClientError(
                        kind: .streamCut,
                        provider: stream.transport.provider,
                        message: stream.transport.redacted(message),
                        requestID: requestID
                    )
                }
                parser.parse(piece.readableBytesView, into: &events)
            } catch {
                isFinished = true
                body = nil
                throw stream.transport.failure(error, whileStreaming: true)
            }
        }
    }

    /// Starts reading the stream.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(self)
    }
}

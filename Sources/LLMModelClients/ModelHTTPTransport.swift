import AsyncHTTPClient
import Foundation
import LLMInstrumentation
import LLMInstrumentationReading
import NIOCore
import NIOHTTP1

/// How a client reaches its API: the base URL, the headers every request carries (the key among
/// them), the time allowed and the HTTP client. It posts JSON, checks the status, and turns every
/// failure into a ``ModelClientError`` in which the key never appears.
struct ModelHTTPTransport: Sendable {
    /// The provider's name, for errors.
    let provider: String
    /// The URL the API's paths are appended to (`http://127.0.0.1:11434/v1`), without a final `/`.
    let baseURL: String
    /// Sent with every request: the authentication header and any the client was given.
    let headers: HTTPHeaders
    /// The API key, to be cut out of any text the provider sends back.
    let secret: String?
    /// The time a whole request may take, its streamed body included.
    let timeout: TimeAmount
    let httpClient: HTTPClient

    /// The HTTP client the model clients share unless given one: a refused connection fails at
    /// once instead of being retried until the connect timeout (10 s), and there is no read
    /// timeout between bytes (a reasoning model may think for minutes before it answers), only
    /// each call's own timeout.
    static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .follow(max: 5, allowCycles: false),
            timeout: .init(connect: .seconds(10)),
            decompression: .enabled(limit: .ratio(25))
        )
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Creates the transport of a client.
    /// - Parameters:
    ///   - provider: the provider's name.
    ///   - baseURL: the API's base URL.
    ///   - headers: the client's own headers (the API version).
    ///   - userHeaders: the headers the user gave, under the client's own.
    ///   - keyHeader: the header that carries the key, and the key's form in it.
    ///   - apiKey: the key, if any.
    ///   - timeout: the time a whole request may take.
    ///   - httpClient: the HTTP client, or `nil` for ``sharedHTTPClient``.
    init(
        provider: String,
        baseURL: String,
        headers: [String: String] = [:],
        userHeaders: [String: String],
        keyHeader: (name: String, value: @Sendable (String) -> String),
        apiKey: String?,
        timeout: Duration,
        httpClient: HTTPClient?
    ) {
        self.provider = provider
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        var requestHeaders = HTTPHeaders(userHeaders.map { ($0.key, $0.value) })
        for (name, value) in headers { requestHeaders.replaceOrAdd(name: name, value: value) }
        let secret = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        if let secret { requestHeaders.replaceOrAdd(name: keyHeader.name, value: keyHeader.value(secret)) }
        self.headers = requestHeaders
        self.secret = secret
        let (seconds, attoseconds) = timeout.components
        self.timeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        self.httpClient = httpClient ?? Self.sharedHTTPClient
    }

    /// A client's settings as LlamaIndex's `to_dict()` gives them: the default options, the
    /// model, the provider, the base URL and the client's type (never the key).
    func modelDict(model: String, className: String, defaultOptions: [String: JSONValue]) -> [String: JSONValue] {
        var settings = defaultOptions
        settings["model"] = .string(model)
        settings["provider"] = .string(provider)
        settings["api_base"] = .string(baseURL)
        settings["class_name"] = .string(className)
        return settings
    }

    /// Posts `body` to `path` and returns the response once its status is a success; its body is
    /// still to be read.
    func post(_ path: String, body: JSONValue) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers = headers
        request.headers.replaceOrAdd(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body.jsonString()))
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: timeout)
        } catch {
            throw failure(error, whileStreaming: false)
        }
        guard (200..<300).contains(response.status.code) else {
            throw await httpError(response)
        }
        return response
    }

    /// Posts `body` to `path` and returns the response's JSON.
    func postForJSON(_ path: String, body: JSONValue) async throws -> JSONValue {
        let response = try await post(path, body: body)
        let bytes: ByteBuffer
        do {
            bytes = try await response.body.collect(upTo: 256 << 20)
        } catch {
            throw failure(error, whileStreaming: false)
        }
        return try json(bytes, requestID: requestID(response.headers))
    }

    /// `bytes` as JSON, or a ``ModelClientError/Kind/malformedResponse`` error. Parsed by the
    /// package's own JSON parser, which a benchmark found several times faster than
    /// `JSONDecoder` on stream chunks.
    func json(_ bytes: ByteBuffer, requestID: String?) throws -> JSONValue {
        do {
            return try bytes.withUnsafeReadableBytes { buffer in
                Result { () throws(JSONParseError) in try JSONParser.parse(buffer) }
            }.get()
        } catch {
            throw malformed(
                "the response is not JSON: \(String(buffer: bytes).prefix(200)) (\(error))",
                requestID: requestID
            )
        }
    }

    /// `text` as JSON, or a ``ModelClientError/Kind/malformedResponse`` error.
    func json(_ text: String) throws -> JSONValue {
        do {
            return try JSONParser.parse(text)
        } catch {
            throw malformed("the response is not JSON: \(text.prefix(200)) (\(error))")
        }
    }

    /// A ``ModelClientError/Kind/malformedResponse`` error.
    func malformed(_ message: String, requestID: String? = nil) -> ModelClientError {
        ModelClientError(kind: .malformedResponse, provider: provider, message: redacted(message), requestID: requestID)
    }

    /// The error that `error`, thrown by the HTTP client, stands for: cancellation stays itself,
    /// timeouts and lost connections become ``ModelClientError``s.
    func failure(_ error: any Error, whileStreaming: Bool) -> any Error {
        if error is CancellationError { return error }
        if let error = error as? ModelClientError { return error }
        let text = redacted(String(describing: error))
        if let error = error as? HTTPClientError {
            switch error {
            case .cancelled:
                return CancellationError()
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
                .tlsHandshakeTimeout:
                return ModelClientError(kind: .timeout, provider: provider, message: "no answer in time (\(text))")
            case .remoteConnectionClosed where whileStreaming:
                return ModelClientError(
                    kind: .streamCut,
                    provider: provider,
                    message: "the connection closed before the stream ended"
                )
            case .remoteConnectionClosed:
                return ModelClientError(
                    kind: .connectionFailed,
                    provider: provider,
                    message: "the connection closed before an answer"
                )
            default:
                break
            }
        }
        if whileStreaming {
            return ModelClientError(kind: .streamCut, provider: provider, message: "the stream broke off: \(text)")
        }
        return ModelClientError(
            kind: .connectionFailed,
            provider: provider,
            message: "cannot reach \(baseURL): \(text)"
        )
    }

    /// The provider's request id, from `x-request-id` (OpenAI and most compatible servers) or
    /// `request-id` (Anthropic).
    func requestID(_ headers: HTTPHeaders) -> String? {
        headers.first(name: "x-request-id") ?? headers.first(name: "request-id")
    }

    /// `text` with the API key cut out.
    func redacted(_ text: String) -> String {
        guard let secret, text.contains(secret) else { return text }
        return text.replacingOccurrences(of: secret, with: "[redacted]")
    }

    /// The error for a response with an error status, from its body when it is the usual
    /// `{"error": {"message", "type", "code"}}` (OpenAI) or `{"type": "error", "error": {"type",
    /// "message"}}` (Anthropic).
    private func httpError(_ response: HTTPClientResponse) async -> ModelClientError {
        let requestID = requestID(response.headers)
        let body = (try? await response.body.collect(upTo: 1 << 20)).map { String(buffer: $0) } ?? ""
        let details = (try? JSONParser.parse(body))?["error"]
        let message =
            details?["message"]?.stringValue ?? details?.stringValue
            ?? (body.isEmpty ? response.status.reasonPhrase : body)
        let code = details?["code"].flatMap { $0.stringValue ?? $0.intValue.map(String.init) }
        return ModelClientError(
            kind: .http,
            provider: provider,
            statusCode: Int(response.status.code),
            errorType: details?["type"]?.stringValue,
            errorCode: code,
            message: redacted(String(message.prefix(2_000))),
            requestID: requestID
        )
    }
}

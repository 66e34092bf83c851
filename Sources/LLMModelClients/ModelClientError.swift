/// Why a call to a model API failed, with what the provider said about it.
///
/// An HTTP error keeps the status, the provider's error type and code, its message and the
/// request id (from `x-request-id` or `request-id`), so that it can be acted on, retried or
/// reported to the provider. The API key never appears in it: where the provider's text repeats
/// the key, it is replaced by `[redacted]`.
///
/// ```swift
/// do {
///     let answer = try await client.chat(messages)
/// } catch let error as ModelClientError where error.kind == .http && error.statusCode == 429 {
///     // rate-limited: retry later
/// }
/// ```
public struct ModelClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable {
        /// The server answered with an HTTP error status (see ``ModelClientError/statusCode``).
        case http
        /// No answer, or no complete answer, in the time allowed.
        case timeout
        /// No connection could be made (refused, unknown host, TLS failure).
        case connectionFailed
        /// The answer was not what the API specifies (not JSON, or missing its required fields).
        case malformedResponse
        /// A streamed answer ended before its end marker (the connection closed mid-stream, or in
        /// the middle of an event).
        case streamCut
    }

    /// What went wrong.
    public var kind: Kind
    /// The provider's name, as the client was configured (`openai`, `anthropic`, `ollama`, ...).
    public var provider: String
    /// The HTTP status, for ``Kind/http``.
    public var statusCode: Int?
    /// The provider's error type (`invalid_request_error`, `rate_limit_error`, ...), when it gave one.
    public var errorType: String?
    /// The provider's error code (`rate_limit_exceeded`, `model_not_found`, ...), when it gave one.
    public var errorCode: String?
    /// What the provider, or the client, said went wrong.
    public var message: String
    /// The provider's id for the request, when its response had one.
    public var requestID: String?

    /// Creates an error.
    public init(
        kind: Kind,
        provider: String,
        statusCode: Int? = nil,
        errorType: String? = nil,
        errorCode: String? = nil,
        message: String,
        requestID: String? = nil
    ) {
        self.kind = kind
        self.provider = provider
        self.statusCode = statusCode
        self.errorType = errorType
        self.errorCode = errorCode
        self.message = message
        self.requestID = requestID
    }

    /// One line: the provider, the kind or status, the error type and code, the message and the
    /// request id (`openai HTTP 429 rate_limit_error (rate_limit_exceeded): Slow down [request req_1]`).
    public var description: String {
        var text = provider + " " + (statusCode.map { "HTTP \($0)" } ?? kind.rawValue)
        if let errorType { text += " " + errorType }
        if let errorCode { text += " (\(errorCode))" }
        text += ": " + message
        if let requestID { text += " [request \(requestID)]" }
        return text
    }
}

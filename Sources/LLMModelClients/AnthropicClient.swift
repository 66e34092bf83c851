public import AsyncHTTPClient
public import LLMInstrumentation

/// A client of Anthropic's Messages API (`/v1/messages`): chat and streamed chat, with system
/// prompts, images, tool use and tool results, and extended thinking.
///
/// It is a `ChatModel`: wrapped with `instrumented(dispatcher:)`, every call emits the
/// reference's chat events with the messages, the model's settings (``modelDict``), and the
/// answer as the API gave it (`raw`: the model, the message id, the stop reason) with its token
/// counts in `additional_kwargs`, the tokens read from and written to the prompt cache among them.
///
/// System (and developer) messages become the request's `system`; a message of role `tool`
/// whose additional kwargs hold `tool_call_id` becomes a `tool_result` block. `options` go into
/// the request body as given (`max_tokens`, by default 4,096; `temperature`, `tools`,
/// `tool_choice`, `thinking`, `stop_sequences`, ...), over ``defaultOptions``; tools may also be
/// given in the OpenAI form (`{"type": "function", "function": {...}}`), which becomes Anthropic's. The API key is
/// sent in the `x-api-key` header and nowhere else.
public struct AnthropicClient: ChatModel {
    /// Anthropic's own base URL, the default.
    public static let anthropicBaseURL = "https://api.anthropic.com"

    /// The model asked for.
    public let model: String
    /// The provider's name, for errors and traces.
    public let provider: String
    /// The URL the API's paths are appended to.
    public let baseURL: String
    /// Parameters sent with every request, under those of each call.
    public let defaultOptions: [String: JSONValue]
    private let transport: ModelHTTPTransport

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: the API's base URL (without `/v1`), by default Anthropic's.
    ///   - apiKey: sent as `x-api-key`.
    ///   - model: the model to ask for.
    ///   - provider: the provider's name, for errors and traces.
    ///   - version: the API version sent as `anthropic-version`.
    ///   - defaultOptions: parameters sent with every request.
    ///   - headers: more headers for every request (`anthropic-beta`, ...).
    ///   - timeout: the time a whole call may take, a streamed answer included.
    ///   - httpClient: the HTTP client to send with; by default one the model clients share.
    public init(
        baseURL: String = Self.anthropicBaseURL,
        apiKey: String?,
        model: String,
        provider: String = "anthropic",
        version: String = "2023-06-01",
        defaultOptions: [String: JSONValue] = [:],
        headers: [String: String] = [:],
        timeout: Duration = .seconds(600),
        httpClient: HTTPClient? = nil
    ) {
        self.model = model
        self.provider = provider
        self.defaultOptions = defaultOptions
        self.transport = ModelHTTPTransport(
            provider: provider,
            baseURL: baseURL,
            headers: ["anthropic-version": version],
            userHeaders: headers,
            keyHeader: ("x-api-key", { $0 }),
            apiKey: apiKey,
            timeout: timeout,
            httpClient: httpClient
        )
        self.baseURL = transport.baseURL
    }

    /// The client's settings: the model, the provider, the base URL and the default options
    /// (never the key).
    public var modelDict: [String: JSONValue] {
        transport.modelDict(model: model, className: "AnthropicClient", defaultOptions: defaultOptions)
    }

    /// Sends the messages to `/v1/messages` and returns the answer.
    public func chat(_ messages: [ChatMessage], options: [String: JSONValue] = [:]) async throws -> ChatResponse {
        let body = AnthropicWireFormat.body(
            model: model,
            messages: messages,
            options: self.options(options),
            stream: false
        )
        let json = try await transport.postForJSON("/v1/messages", body: body)
        return try AnthropicWireFormat.chatResponse(json, transport: transport)
    }

    /// Streams the answer to the messages from `/v1/messages`: each element holds the message so
    /// far and the new text in `delta`; the last holds the stop reason and the token counts.
    public func streamChat(
        _ messages: [ChatMessage],
        options: [String: JSONValue] = [:]
    ) -> ModelResponseStream<ChatResponse> {
        let transport = self.transport
        return ModelResponseStream(
            transport: transport,
            path: "/v1/messages",
            body: AnthropicWireFormat.body(
                model: model,
                messages: messages,
                options: self.options(options),
                stream: true
            ),
            makeReader: {
                var assembler = AnthropicStreamAssembler(transport: transport)
                return { try assembler.read($0) }
            }
        )
    }

    private func options(_ options: [String: JSONValue]) -> [String: JSONValue] {
        defaultOptions.merging(options) { _, new in new }
    }
}

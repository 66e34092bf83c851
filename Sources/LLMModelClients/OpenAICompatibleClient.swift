public import AsyncHTTPClient
public import LLMInstrumentation

/// A client of the OpenAI-compatible API (`/chat/completions`, `/completions`, `/embeddings`),
/// which OpenAI, Ollama (`http://127.0.0.1:11434/v1`), vLLM, llama.cpp's server, LM Studio,
/// OpenRouter, Groq, Together, Mistral and DeepSeek all serve.
///
/// It is a `ChatModel`, a `CompletionModel` and an `EmbeddingModel`: wrapped with
/// `instrumented(dispatcher:)`, every call emits the reference's events with the messages, the
/// model's settings (``modelDict``), and the answer as the server gave it (`raw`: the model that
/// answered, the response id, the finish reason) with its token counts in `additional_kwargs`.
/// A streamed answer asks for its token counts (`stream_options.include_usage`) unless
/// ``requestsUsageInStreams`` is `false`, so its last chunk carries them.
///
/// ```swift
/// let model = OpenAICompatibleClient(
///     baseURL: "http://127.0.0.1:11434/v1", apiKey: nil, model: "llama3.2", provider: "ollama"
/// ).instrumented()
/// let answer = try await model.chat([ChatMessage(role: .user, content: "Hello")])
/// ```
///
/// `options` go into the request body as given (`temperature`, `top_p`, `max_tokens`, `stop`,
/// `seed`, `tools`, `tool_choice`, `response_format`, ...), over ``defaultOptions``. The API key
/// is sent in the `Authorization` header and nowhere else: it is not in ``modelDict``, and the
/// errors cut it out of whatever the server says.
public struct OpenAICompatibleClient: ChatModel, CompletionModel, EmbeddingModel {
    /// OpenAI's own base URL, the default.
    public static let openAIBaseURL = "https://api.openai.com/v1"

    /// The model asked for (the server's name for what answered is in each response's `raw`).
    public let model: String
    /// The provider's name, for errors and traces (`openai`, `ollama`, `vllm`, ...).
    public let provider: String
    /// The URL the API's paths are appended to.
    public let baseURL: String
    /// Parameters sent with every request, under those of each call.
    public let defaultOptions: [String: JSONValue]
    /// Whether streamed calls ask for a final chunk of token counts.
    public let requestsUsageInStreams: Bool
    private let transport: ModelHTTPTransport

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: the API's base URL, by default OpenAI's.
    ///   - apiKey: sent as `Authorization: Bearer <key>`; `nil` for servers that need none.
    ///   - model: the model to ask for.
    ///   - provider: the provider's name, for errors and traces.
    ///   - defaultOptions: parameters sent with every request.
    ///   - headers: more headers for every request (`OpenAI-Organization`, ...).
    ///   - requestsUsageInStreams: whether streamed calls ask for token counts.
    ///   - timeout: the time a whole call may take, a streamed answer included.
    ///   - httpClient: the HTTP client to send with; by default one the model clients share, which
    ///     fails a refused connection at once and has no read timeout but `timeout`.
    public init(
        baseURL: String = Self.openAIBaseURL,
        apiKey: String?,
        model: String,
        provider: String = "openai",
        defaultOptions: [String: JSONValue] = [:],
        headers: [String: String] = [:],
        requestsUsageInStreams: Bool = true,
        timeout: Duration = .seconds(600),
        httpClient: HTTPClient? = nil
    ) {
        self.model = model
        self.provider = provider
        self.defaultOptions = defaultOptions
        self.requestsUsageInStreams = requestsUsageInStreams
        self.transport = ModelHTTPTransport(
            provider: provider,
            baseURL: baseURL,
            userHeaders: headers,
            keyHeader: ("authorization", { "Bearer \($0)" }),
            apiKey: apiKey,
            timeout: timeout,
            httpClient: httpClient
        )
        self.baseURL = transport.baseURL
    }

    /// The client's settings, as LlamaIndex's `to_dict()` gives them: the model, the provider,
    /// the base URL and the default options (never the key).
    public var modelDict: [String: JSONValue] {
        transport.modelDict(model: model, className: "OpenAICompatibleClient", defaultOptions: defaultOptions)
    }

    private func options(_ options: [String: JSONValue]) -> [String: JSONValue] {
        defaultOptions.merging(options) { _, new in new }
    }

    /// Sends the messages to `/chat/completions` and returns the answer.
    public func chat(_ messages: [ChatMessage], options: [String: JSONValue] = [:]) async throws -> ChatResponse {
        let json = try await call("/chat/completions", ["messages": Self.messages(messages)], options: options)
        return try OpenAIWireFormat.chatResponse(json, transport: transport)
    }

    /// Streams the answer to the messages from `/chat/completions`: each element holds the
    /// message so far and the new text in `delta`; the last holds the token counts.
    public func streamChat(
        _ messages: [ChatMessage],
        options: [String: JSONValue] = [:]
    ) -> ModelResponseStream<ChatResponse> {
        let transport = self.transport
        return stream("/chat/completions", ["messages": Self.messages(messages)], options: options) {
            var assembler = OpenAIChatStreamAssembler(transport: transport)
            return { try assembler.read($0) }
        }
    }

    /// Sends the prompt to `/completions` and returns the completion.
    public func complete(_ prompt: String, options: [String: JSONValue] = [:]) async throws -> CompletionResponse {
        let json = try await call("/completions", ["prompt": .string(prompt)], options: options)
        return try OpenAIWireFormat.completionResponse(json, transport: transport)
    }

    /// Streams the completion of the prompt from `/completions`.
    public func streamComplete(
        _ prompt: String,
        options: [String: JSONValue] = [:]
    ) -> ModelResponseStream<CompletionResponse> {
        let transport = self.transport
        return stream("/completions", ["prompt": .string(prompt)], options: options) {
            var assembler = OpenAICompletionStreamAssembler(transport: transport)
            return { try assembler.read($0) }
        }
    }

    /// Embeds the texts with `/embeddings`, one vector per text, in order.
    public func embed(_ texts: [String]) async throws -> [[Double]] {
        let body = OpenAIWireFormat.body(model: model, ["input": .array(texts.map(JSONValue.string))], options: [:])
        let json = try await transport.postForJSON("/embeddings", body: body)
        return try OpenAIWireFormat.embeddings(json, count: texts.count, transport: transport)
    }

    private static func messages(_ messages: [ChatMessage]) -> JSONValue {
        .array(messages.map(OpenAIWireFormat.message))
    }

    /// Posts `input` with the options to `path` and returns the response's JSON.
    private func call(
        _ path: String,
        _ input: [String: JSONValue],
        options: [String: JSONValue]
    ) async throws
        -> JSONValue
    {
        let body = OpenAIWireFormat.body(model: model, input, options: self.options(options))
        return try await transport.postForJSON(path, body: body)
    }

    /// The stream of the answer to `input` with the options from `path`, read by what
    /// `makeReader` makes.
    private func stream<Element>(
        _ path: String,
        _ input: [String: JSONValue],
        options: [String: JSONValue],
        makeReader: @escaping @Sendable () -> (ServerSentEventParser.Event) throws -> ModelResponseStream<Element>.Step
    ) -> ModelResponseStream<Element> {
        ModelResponseStream(
            transport: transport,
            path: path,
            body: OpenAIWireFormat.body(
                model: model,
                input,
                options: self.options(options),
                stream: true,
                requestsUsage: requestsUsageInStreams
            ),
            makeReader: makeReader
        )
    }
}

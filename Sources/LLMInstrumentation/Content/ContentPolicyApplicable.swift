/// A value that knows which of its parts are content, so that a ``ContentPolicy`` can hide or cut
/// them: the package's payloads (messages, responses, nodes, queries), and lists of them, wherever
/// they appear as a span's arguments or result or in an event.
public protocol ContentPolicyApplicable: Sendable {
    /// This value as `policy` lets it be recorded when it flows in `direction`.
    func applying(_ policy: ContentPolicy, _ direction: ContentPolicy.Direction) -> Self

    /// A list of such values as `policy` lets it be recorded; by default each element on its own.
    static func applying(_ policy: ContentPolicy, _ direction: ContentPolicy.Direction, to list: [Self]) -> [Self]
}

extension ContentPolicyApplicable {
    /// Each element on its own.
    public static func applying(
        _ policy: ContentPolicy,
        _ direction: ContentPolicy.Direction,
        to list: [Self]
    ) -> [Self] {
        list.map { $0.applying(policy, direction) }
    }
}

extension Array: ContentPolicyApplicable where Element: ContentPolicyApplicable {
    /// The list as its element type applies the policy to lists.
    public func applying(_ policy: ContentPolicy, _ direction: ContentPolicy.Direction) -> [Element] {
        Element.applying(policy, direction, to: self)
    }
}

extension ChatMessage: ContentPolicyApplicable {
    /// The message with its content as the policy lets it be recorded: with no blocks when the
    /// messages of its direction are hidden; else texts, thinking and tool arguments hidden with
    /// the texts (roles, tool names and call ids kept), images hidden or cut, texts cut.
    public func applying(_ policy: ContentPolicy, _ direction: ContentPolicy.Direction) -> ChatMessage {
        var message = self
        guard !policy.hidesMessages(direction) else {
            message.blocks = []
            message.additionalKwargs["tool_calls"] = nil
            return message
        }
        message.blocks = blocks.map { block in
            switch block {
            case .text(let text):
                return .text(policy.text(text, direction))
            case .image(var image):
                let hidden = direction == .input && policy.hidesInputImages
                if hidden || (image.base64Data?.utf8.count ?? 0) > policy.maximumBase64ImageLength {
                    image.base64Data = image.base64Data.map { _ in ContentPolicy.redacted }
                }
                if let url = image.url { image.url = hidden ? ContentPolicy.redacted : policy.cut(url) }
                return .image(image)
            case .thinking(var thinking):
                thinking.content = policy.text(thinking.content, direction)
                return .thinking(thinking)
            case .toolCall(var call):
                call.toolArguments = policy.json(call.toolArguments, direction)
                return .toolCall(call)
            }
        }
        if case .array(let calls) = additionalKwargs["tool_calls"] {
            message.additionalKwargs["tool_calls"] = .array(
                calls.map { call in
                    guard case .object(var members) = call, case .object(var function) = members["function"] else {
                        return call
                    }
                    function["arguments"] = function["arguments"].map { policy.json($0, direction) }
                    members["function"] = .object(function)
                    return .object(members)
                }
            )
        }
        return message
    }

    /// No messages at all when the messages of the direction are hidden; else each as above.
    public static func applying(
        _ policy: ContentPolicy,
        _ direction: ContentPolicy.Direction,
        to list: [ChatMessage]
    ) -> [ChatMessage] {
        policy.hidesMessages(direction) ? [] : list.map { $0.applying(policy, direction) }
    }
}

extension ChatResponse: ContentPolicyApplicable {
    /// The response with its message, delta, log probabilities and raw payload as the policy lets
    /// them be recorded; token usage and cost are kept. When any output is hidden, the raw payload
    /// keeps only what is not content (see ``ContentPolicy``).
    public func applying(_ policy: ContentPolicy, _ direction: ContentPolicy.Direction) -> ChatResponse {
        var response = self
        response.message = message.applying(policy, direction)
        response.delta = policy.hidesMessages(direction) ? nil : policy.text(delta, direction)
        response.raw = raw.map { policy.rawPayload($0, direction) }
        if policy.hidesText(direction) || policy.hidesMessages(direction) { response.logprobs = nil }
        return response
    }
}

extension CompletionResponse: ContentPolicyApplicable {
    /// The completion with its text, delta, log probabilities and raw payload as the policy lets
    /// them be recorded; token usage and cost are kept.
    public func applying(_ policy: ContentPolicy, _ direction: ContentPolicy.Direction) -> CompletionResponse {
        var response = self
        response.text = policy.text(text, direction)
        response.delta = policy.text(delta, direction)
        response.raw = raw.map { policy.rawPayload($0, direction) }
        if policy.hidesText(direction) { response.logprobs = nil }
        return response
    }
}

extension NodeWithScore: ContentPolicyApplicable {
    /// The node with its text as the policy lets it be recorded; id, score and metadata kept.
    public func applying(_ policy: ContentPolicy, _ direction: ContentPolicy.Direction) -> NodeWithScore {
        var node = self
        node.text = policy.text(text, direction)
        return node
    }
}

extension QueryInput: ContentPolicyApplicable {
    /// The query with its text, and its embedding unless vectors are hidden, as the policy lets
    /// them be recorded.
    public func applying(_ policy: ContentPolicy, _ direction: ContentPolicy.Direction) -> QueryInput {
        switch self {
        case .text(let text):
            return .text(policy.text(text, direction))
        case .bundle(var bundle):
            bundle.queryStr = policy.text(bundle.queryStr, direction)
            bundle.customEmbeddingStrs = bundle.customEmbeddingStrs?.map { policy.text($0, direction) }
            if policy.hidesEmbeddingVectors { bundle.embedding = bundle.embedding.map { _ in [] } }
            return .bundle(bundle)
        }
    }
}

extension QueryResponse: ContentPolicyApplicable {
    /// The response with its text and source nodes as the policy lets them be recorded.
    public func applying(_ policy: ContentPolicy, _ direction: ContentPolicy.Direction) -> QueryResponse {
        var response = self
        response.response = policy.text(self.response, direction)
        response.sourceNodes = sourceNodes.applying(policy, direction)
        return response
    }
}

extension AgentChatResponse: ContentPolicyApplicable {
    /// The response with its text, sources and source nodes as the policy lets them be recorded.
    public func applying(_ policy: ContentPolicy, _ direction: ContentPolicy.Direction) -> AgentChatResponse {
        var response = self
        response.response = policy.text(self.response, direction)
        response.sources = sources.map { policy.json($0, direction) }
        response.sourceNodes = sourceNodes.applying(policy, direction)
        return response
    }
}

extension ContentPolicy {
    /// The members of a provider's raw response that are not content: kept when its outputs are
    /// hidden, so token counts, finish reasons, the model and the id are still recorded.
    static let rawMetadataKeys: Set<String> = [
        "id", "object", "created", "model", "usage", "system_fingerprint", "service_tier", "type", "role",
        "stop_reason", "stop_sequence",
    ]

    /// A raw response as it may be recorded: when anything of the output is hidden, only its
    /// ``rawMetadataKeys`` and each choice's index and finish reason; else with its strings cut.
    func rawPayload(_ raw: JSONValue, _ direction: Direction) -> JSONValue {
        guard hidesText(direction) || hidesMessages(direction) else { return cutStrings(raw) }
        guard case .object(let members) = raw else { return .string(Self.redacted) }
        var kept = members.filter { Self.rawMetadataKeys.contains($0.key) }
        if case .array(let choices) = members["choices"] {
            kept["choices"] = .array(
                choices.map { choice in
                    .object((choice.objectValue ?? [:]).filter { $0.key == "index" || $0.key == "finish_reason" })
                }
            )
        }
        return .object(kept)
    }
}

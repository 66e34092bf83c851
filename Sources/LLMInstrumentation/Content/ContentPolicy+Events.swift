// How each of the package's events carrying content applies a ``ContentPolicy``: which of its
// fields are inputs and which outputs. Events without content (markers, errors, model settings)
// use `Event`'s default and are recorded as they are.

extension LLMChatStartEvent {
    /// The input messages and options as the policy lets them be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.messages = messages.applying(policy, .input)
        return event
    }
}

extension LLMChatInProgressEvent {
    /// The input messages and the answer so far as the policy lets them be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.messages = messages.applying(policy, .input)
        event.response = response.applying(policy, .output)
        return event
    }
}

extension LLMChatEndEvent {
    /// The input messages and the answer as the policy lets them be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.messages = messages.applying(policy, .input)
        event.response = response?.applying(policy, .output)
        return event
    }
}

extension LLMCompletionStartEvent {
    /// The prompt as the policy lets it be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.prompt = policy.text(prompt, .input)
        return event
    }
}

extension CompletionTextEvent {
    /// The prompt and the completion as the policy lets them be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.prompt = policy.text(prompt, .input)
        event.response = response.applying(policy, .output)
        return event
    }
}

extension LLMPredictStartEvent {
    /// The template's arguments as the policy lets them be recorded (the template itself is code).
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.templateArgs = templateArgs?.mapValues { policy.json($0, .input) }
        return event
    }
}

extension LLMPredictEndEvent {
    /// The prediction as the policy lets it be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.output = policy.text(output, .output)
        return event
    }
}

extension LLMStructuredPredictStartEvent {
    /// The template's arguments as the policy lets them be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.templateArgs = templateArgs?.mapValues { policy.json($0, .input) }
        return event
    }
}

extension StructuredOutputEvent {
    /// The structured output as the policy lets it be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.output = policy.json(output, .output)
        return event
    }
}

extension EmbeddingEndEvent {
    /// The embedded texts (inputs) and the vectors as the policy lets them be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.chunks = chunks.map { policy.text($0, .input) }
        if policy.hidesEmbeddingVectors { event.embeddings = [] }
        return event
    }
}

extension SparseEmbeddingEndEvent {
    /// The embedded texts (inputs) and the sparse vectors as the policy lets them be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.chunks = chunks.map { policy.text($0, .input) }
        if policy.hidesEmbeddingVectors { event.embeddings = [] }
        return event
    }
}

extension RetrievalStartEvent {
    /// The query as the policy lets it be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.strOrQueryBundle = strOrQueryBundle.applying(policy, .input)
        return event
    }
}

extension RetrievalEndEvent {
    /// The query and the retrieved documents (outputs) as the policy lets them be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.strOrQueryBundle = strOrQueryBundle.applying(policy, .input)
        event.nodes = nodes.applying(policy, .output)
        return event
    }
}

extension ReRankStartEvent {
    /// The query and the documents to rerank (inputs) as the policy lets them be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.query = query?.applying(policy, .input)
        event.nodes = nodes.applying(policy, .input)
        return event
    }
}

extension ReRankEndEvent {
    /// The reranked documents as the policy lets them be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.nodes = nodes.applying(policy, .output)
        return event
    }
}

extension QueryQuestionEvent {
    /// The query as the policy lets it be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.query = query.applying(policy, .input)
        return event
    }
}

extension QueryAnswerEvent {
    /// The query and the answer as the policy lets them be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.query = query.applying(policy, .input)
        event.response = response.applying(policy, .output)
        return event
    }
}

extension GetResponseStartEvent {
    /// The query and the text chunks as the policy lets them be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.queryStr = policy.text(queryStr, .input)
        event.textChunks = textChunks.map { policy.text($0, .input) }
        return event
    }
}

extension GetMessageResponseStartEvent {
    /// The query and the message chunks as the policy lets them be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.queryStr = policy.text(queryStr, .input)
        event.messageChunks = messageChunks.applying(policy, .input)
        return event
    }
}

extension StreamChatDeltaReceivedEvent {
    /// The streamed piece as the policy lets it be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.delta = policy.hidesMessages(.output) ? ContentPolicy.redacted : policy.text(delta, .output)
        return event
    }
}

extension AgentRunStepStartEvent {
    /// The step's input as the policy lets it be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.input = policy.text(input, .input)
        event.step = step.map { policy.json($0, .input) }
        return event
    }
}

extension AgentRunStepEndEvent {
    /// The step's output as the policy lets it be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.stepOutput = policy.json(stepOutput, .output)
        return event
    }
}

extension AgentChatWithStepStartEvent {
    /// The user's message as the policy lets it be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.userMsg = policy.hidesMessages(.input) ? ContentPolicy.redacted : policy.text(userMsg, .input)
        return event
    }
}

extension AgentChatWithStepEndEvent {
    /// The agent's answer as the policy lets it be recorded.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.response = response?.applying(policy, .output)
        return event
    }
}

extension AgentToolCallEvent {
    /// The tool call's arguments as the policy lets them be recorded; the tool's metadata is kept.
    public func applying(_ policy: ContentPolicy) -> Self {
        var event = self
        event.arguments = policy.text(arguments, .input)
        return event
    }
}

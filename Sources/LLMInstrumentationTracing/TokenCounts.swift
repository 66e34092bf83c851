import LLMInstrumentation

/// The token counts of a model response, read as OpenInference's LlamaIndex handler reads them
/// (`_extract_token_counts`): from the usage in the provider's raw response (OpenAI, Anthropic and
/// Vertex AI shapes), then from the response's `additional_kwargs`, later sources winning.
struct TokenCounts: Equatable {
    var prompt: Int?
    var completion: Int?
    var total: Int?
    var promptCacheRead: Int?
    var promptCacheWrite: Int?
    var promptAudio: Int?
    var completionReasoning: Int?
    var completionAudio: Int?

    var isEmpty: Bool { self == TokenCounts() }

    /// Reads the counts of a response with this raw payload and these additional arguments.
    init(raw: JSONValue?, additionalKwargs: [String: JSONValue]) {
        if let raw {
            if let usage = raw["usage"], case .object = usage {
                read(usage)
            }
            if let usageMetadata = raw["_raw_response"]?["usage_metadata"], case .object = usageMetadata {
                read(usageMetadata)
            }
        }
        if !additionalKwargs.isEmpty {
            let kwargs = JSONValue.object(additionalKwargs)
            read(kwargs)
            // `TokenUsage` keeps cached prompt tokens at the top level.
            if let cached = AttributeJSON.integer(kwargs["cached_tokens"]) { promptCacheRead = cached }
            if let written = AttributeJSON.integer(kwargs["cache_creation_tokens"]) { promptCacheWrite = written }
            if let reasoning = AttributeJSON.integer(kwargs["reasoning_tokens"]) { completionReasoning = reasoning }
        }
    }

    init() {}

    /// `_get_token_counts_impl`: OpenAI, then Anthropic, then Vertex AI keys.
    private mutating func read(_ usage: JSONValue) {
        func int(_ key: String) -> Int? { AttributeJSON.integer(usage[key]) }
        // OpenAI
        if let value = int("prompt_tokens") { prompt = value }
        if let details = usage["prompt_tokens_details"] {
            if let value = AttributeJSON.integer(details["cached_tokens"]) { promptCacheRead = value }
            if let value = AttributeJSON.integer(details["audio_tokens"]) { promptAudio = value }
        }
        if let value = int("completion_tokens") { completion = value }
        if let details = usage["completion_tokens_details"] {
            if let value = AttributeJSON.integer(details["reasoning_tokens"]) { completionReasoning = value }
            if let value = AttributeJSON.integer(details["audio_tokens"]) { completionAudio = value }
        }
        if let value = int("total_tokens") { total = value }
        // Anthropic
        if let value = int("output_tokens") { completion = value }
        let cacheCreation = int("cache_creation_input_tokens")
        let cacheRead = int("cache_read_input_tokens")
        if let cacheCreation { promptCacheWrite = cacheCreation }
        if let cacheRead { promptCacheRead = cacheRead }
        if let input = int("input_tokens") {
            prompt = input + (cacheCreation ?? 0) + (cacheRead ?? 0)
        }
        // Vertex AI
        if let value = int("prompt_token_count") { prompt = value }
        if let value = int("candidates_token_count") { completion = value }
        if let value = int("total_token_count") { total = value }
    }

    /// The counts as attributes: OpenInference's `llm.token_count.*` and GenAI's
    /// `gen_ai.usage.*`.
    func attributes(into attributes: inout PendingAttributes) {
        attributes.set(OpenInference.llmTokenCountPrompt, prompt)
        attributes.set(OpenInference.llmTokenCountCompletion, completion)
        attributes.set(OpenInference.llmTokenCountTotal, total)
        attributes.set(OpenInference.llmTokenCountPromptCacheRead, promptCacheRead)
        attributes.set(OpenInference.llmTokenCountPromptCacheWrite, promptCacheWrite)
        attributes.set(OpenInference.llmTokenCountPromptAudio, promptAudio)
        attributes.set(OpenInference.llmTokenCountCompletionReasoning, completionReasoning)
        attributes.set(OpenInference.llmTokenCountCompletionAudio, completionAudio)
        attributes.set(OpenInference.genAIUsageInputTokens, prompt)
        attributes.set(OpenInference.genAIUsageOutputTokens, completion)
    }
}

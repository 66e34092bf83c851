import LLMInstrumentation

/// Builds the answer of a streamed `/completions` call chunk by chunk: the text so far, the new
/// piece in `delta`, the chunk as `raw`, the finish reason and the token counts once known.
struct OpenAICompletionStreamAssembler {
    private let transport: ModelHTTPTransport
    private var text = ""
    private var extras: [String: JSONValue] = [:]

    init(transport: ModelHTTPTransport) {
        self.transport = transport
    }

    /// What one Server-Sent Event of the stream means.
    mutating func read(_ event: ServerSentEventParser.Event) throws -> ModelResponseStream<CompletionResponse>.Step {
        // Only unnamed (`message`) events are chunks.
        guard event.type == nil || event.type == "message" else { return .skip }
        if event.data == "[DONE]" { return .end }
        let chunk = try transport.json(event.data)
        guard let choices = chunk["choices"]?.arrayValue else {
            throw transport.malformed("a completion chunk without choices: \(event.data.prefix(200))")
        }
        let piece = choices.first?["text"]?.stringValue ?? ""
        text += piece
        if let reason = choices.first?["finish_reason"]?.stringValue { extras["finish_reason"] = .string(reason) }
        extras.merge(OpenAIWireFormat.tokenCounts(chunk["usage"])) { _, new in new }
        return .element(CompletionResponse(text: text, additionalKwargs: extras, raw: chunk, delta: piece))
    }
}

import LLMInstrumentation

/// A question reached the pipeline.
struct QuestionReceivedEvent: Event {
    var question: String
    var metadata = EventMetadata()
}

/// The retriever found documents for a query.
struct DocumentsRetrievedEvent: Event {
    var query: String
    var documentIDs: [String]
    var scores: [Double]
    var metadata = EventMetadata()
}

/// Texts were embedded.
struct TextsEmbeddedEvent: Event {
    var count: Int
    var dimensions: Int
    var metadata = EventMetadata()
}

/// A prompt was sent to the model.
struct PromptSentEvent: Event {
    var model: String
    var prompt: String
    var metadata = EventMetadata()
}

/// The model answered.
struct ResponseReceivedEvent: Event {
    var model: String
    var response: String
    var completionTokens: Int
    var metadata = EventMetadata()
}

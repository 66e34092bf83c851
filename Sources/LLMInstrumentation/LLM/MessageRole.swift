/// Who wrote a chat message, with the reference's role names.
public enum MessageRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Instructions that frame the conversation.
    case system
    /// Instructions from the application's developer (newer OpenAI models).
    case developer
    /// The person using the application.
    case user
    /// The model.
    case assistant
    /// The result of a function call (older OpenAI form).
    case function
    /// The result of a tool call.
    case tool
    /// The model, in Cohere's naming.
    case chatbot
    /// The model, in Gemini's naming.
    case model
}

/// The provider and system of a model, guessed from its type's name as OpenInference's LlamaIndex
/// handler falls back to (`_detect_llm_provider`, `_detect_llm_system`): "openai" (or "azure"),
/// "anthropic", "vertex" or "gemini" in the name.
struct LLMProvider: Equatable {
    /// `llm.provider`.
    var provider: String
    /// `llm.system`.
    var system: String
    /// `gen_ai.provider.name`.
    var genAIProvider: String

    init?(typeName: String) {
        let name = typeName.lowercased()
        if name.contains("openai") {
            if name.contains("azure") {
                self.init(provider: "azure", system: "openai", genAIProvider: "azure.ai.openai")
            } else {
                self.init(provider: "openai", system: "openai", genAIProvider: "openai")
            }
        } else if name.contains("anthropic") {
            self.init(provider: "anthropic", system: "anthropic", genAIProvider: "anthropic")
        } else if name.contains("vertex") {
            self.init(provider: "google", system: "vertexai", genAIProvider: "gcp.vertex_ai")
        } else if name.contains("gemini") {
            self.init(provider: "google", system: "vertexai", genAIProvider: "gcp.gemini")
        } else {
            return nil
        }
    }

    init(provider: String, system: String, genAIProvider: String) {
        self.provider = provider
        self.system = system
        self.genAIProvider = genAIProvider
    }
}

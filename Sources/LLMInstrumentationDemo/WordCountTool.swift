import Foundation
public import LLMInstrumentation

/// A tool the demo's agent calls: counts the words of a text.
public struct WordCountTool: Tool {
    /// Creates the tool.
    public init() {}

    /// The tool's name, description and parameters.
    public var metadata: ToolMetadata {
        ToolMetadata(
            name: "word_count",
            description: "Counts the words of a text.",
            parametersSchema: ["type": "object", "properties": ["text": ["type": "string"]]]
        )
    }

    /// Counts the words of the `text` argument of a JSON object.
    public func call(arguments: String) async throws -> String {
        let parsed = try JSONDecoder().decode([String: String].self, from: Data(arguments.utf8))
        return String(parsed["text", default: ""].split(separator: " ").count)
    }
}

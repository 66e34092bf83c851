import LLMInstrumentation

extension JSONValue {
    /// The text of a dumped model response (`message.blocks[].text`, joined), or `nil` when this
    /// is not a response.
    var messageText: String? {
        guard let blocks = self["message"]?["blocks"]?.arrayValue else { return nil }
        return blocks.compactMap { $0["text"]?.stringValue }.joined(separator: " ")
    }
}

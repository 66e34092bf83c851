import LLMInstrumentation

/// The provider's reason for ending a response, found where OpenInference's LlamaIndex handler
/// looks for it (`_extract_finish_reason`): in the raw response, then in `additional_kwargs`.
enum FinishReason {
    private static let directKeys = ["stopReason", "stop_reason", "finishReason", "finish_reason", "completionReason"]
    private static let collectionKeys = [
        ("results", "completionReason"), ("generations", "finish_reason"), ("outputs", "stop_reason"),
        ("choices", "finish_reason"),
    ]

    /// The first provider-native finish reason, or `nil`.
    static func of(raw: JSONValue?, additionalKwargs: [String: JSONValue]) -> String? {
        if let raw, let reason = find(in: raw) { return reason }
        guard !additionalKwargs.isEmpty else { return nil }
        return find(in: .object(additionalKwargs))
    }

    private static func reason(_ value: JSONValue?) -> String? {
        guard case .string(let text)? = value, !text.isEmpty else { return nil }
        return text
    }

    private static func find(in source: JSONValue) -> String? {
        guard case .object = source else { return nil }
        for key in directKeys {
            if let found = reason(source[key]) { return found }
        }
        for (collectionKey, reasonKey) in collectionKeys {
            if case .array(let elements)? = source[collectionKey], let first = elements.first,
                let found = reason(first[reasonKey])
            {
                return found
            }
        }
        if case .array(let completions)? = source["completions"], let first = completions.first {
            if let found = reason(first["finishReason"]) { return found }
            if let found = reason(first["finishReason"]?["reason"]) { return found }
        }
        return nil
    }
}

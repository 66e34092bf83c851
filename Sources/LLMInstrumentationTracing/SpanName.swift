import LLMInstrumentation

/// The name of a span from its id, through the core's ``LLMInstrumentation/Span/name``: the id
/// without its unique suffix, as OpenInference's handler names spans (`id_.partition("-")[0]`,
/// which this matches for the core's ids while keeping dashes inside a function's name).
struct SpanName: LLMInstrumentation.Span {
    var id: String
    var parentID: String? { nil }
    var tags: [String: JSONValue] { [:] }

    static func of(_ id: String) -> String {
        SpanName(id: id).name
    }
}

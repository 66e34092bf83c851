import LLMInstrumentation

/// Prints one line per event as it happens: its kind, its span and its own fields, with long
/// values shortened (lists by their length, large objects by `{...}`).
struct ConsoleEventHandler: EventHandler {
    func handle(_ event: some Event) throws {
        guard case .object(let fields) = try event.jsonValue() else { return }
        let shown = fields.keys.sorted()
            .filter { !["id_", "timestamp", "span_id", "tags", "class_name"].contains($0) }
            .map { "\($0)=\(Self.short(Self.essence(of: fields[$0]!)))" }
        print("event \(event.className) span=\(event.spanID ?? "-") \(shown.joined(separator: " "))")
    }

    /// A model response shown by its streamed delta, or else by its text.
    static func essence(of value: JSONValue) -> JSONValue {
        if let delta = value["delta"], delta != .null { return ["delta": delta] }
        if let text = value.messageText { return .string(text) }
        return value
    }

    static func short(_ value: JSONValue) -> String {
        switch value {
        case .array(let elements):
            let text = value.jsonString()
            return text.count <= 40 ? text : "[\(elements.count) items]"
        case .object:
            let text = value.jsonString()
            return text.count <= 60 ? text : "{...}"
        case .string(let text):
            let oneLine = text.replacingOccurrences(of: "\n", with: " ")
            return oneLine.count <= 60
                ? JSONValue.string(oneLine).jsonString()
                : JSONValue.string(String(oneLine.prefix(57)) + "...").jsonString()
        default:
            return value.jsonString()
        }
    }
}

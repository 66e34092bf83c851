import LLMInstrumentation

/// Prints one line per event: its kind, its span and its own fields.
struct ConsoleEventHandler: EventHandler {
    func handle(_ event: some Event) throws {
        guard case .object(var fields) = try event.jsonValue() else { return }
        for key in ["id_", "timestamp", "span_id", "tags", "class_name"] {
            fields[key] = nil
        }
        let span = event.spanID ?? "-"
        print("event \(event.className) span=\(span) \(JSONValue.object(fields).jsonString())")
    }
}

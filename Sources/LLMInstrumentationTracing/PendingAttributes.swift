import LLMInstrumentation
import Tracing

/// Attributes gathered for a span while it is open, written to the tracer's span in one update
/// when it ends (each write of a tracer span's attributes copies them all, so writing them one by
/// one would cost quadratic time for a span with many documents or messages).
struct PendingAttributes: Sendable {
    private(set) var values: [String: SpanAttribute] = [:]
    private(set) var removals: Set<String> = []

    var isEmpty: Bool { values.isEmpty && removals.isEmpty }

    func contains(_ key: String) -> Bool { values[key] != nil }

    subscript(key: String) -> SpanAttribute? { values[key] }

    mutating func set(_ key: String, _ value: SpanAttribute?) {
        guard let value else { return }
        values[key] = value
        removals.remove(key)
    }

    mutating func set(_ key: String, _ value: String?) {
        set(key, value.map(SpanAttribute.string))
    }

    mutating func set(_ key: String, _ value: Int?) {
        set(key, value.map { SpanAttribute.int64(Int64($0)) })
    }

    mutating func set(_ key: String, _ value: Double?) {
        set(key, value.map(SpanAttribute.double))
    }

    mutating func set(_ key: String, json value: JSONValue?) {
        set(key, value.flatMap(AttributeJSON.attribute))
    }

    /// Removes `key`, also from the tracer's span if it was written there before.
    mutating func remove(_ key: String) {
        values[key] = nil
        removals.insert(key)
    }

    /// Applies `other` over these: its values win, its removals remove.
    mutating func merge(_ other: PendingAttributes) {
        for key in other.removals {
            values[key] = nil
            removals.insert(key)
        }
        for (key, value) in other.values {
            values[key] = value
            removals.remove(key)
        }
    }

    /// Writes the attributes to `attributes`.
    func apply(to attributes: inout SpanAttributes) {
        for key in removals { attributes.set(key, value: nil) }
        for (key, value) in values { attributes.set(key, value: value) }
    }
}

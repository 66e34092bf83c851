/// Marks a parameter that ``Spanned(_:)`` leaves out of the span's bound arguments: secrets
/// (API keys, passwords) and payloads too large to record.
///
/// ```swift
/// @Spanned
/// func complete(prompt: String, @SpanIgnored apiKey: String) async throws -> String { ... }
/// ```
///
/// It is a parameter property wrapper that only passes the value through: callers pass a plain
/// value, and the body sees it unchanged.
@propertyWrapper
public struct SpanIgnored<Value> {
    /// The parameter's value.
    public var wrappedValue: Value

    /// Wraps a parameter's value.
    public init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }
}

extension SpanIgnored: Sendable where Value: Sendable {}

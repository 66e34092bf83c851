public import Tracing

/// Writes trace context into a `[String: String]` carrier: a JSON object, a message's metadata,
/// or test code.
///
/// ```swift
/// var headers: [String: String] = [:]
/// dispatcher.injectPropagationContext(into: &headers, using: DictionaryInjector())
/// ```
public struct DictionaryInjector: Injector {
    /// Creates the injector.
    public init() {}

    /// Sets `carrier[key]` to `value`.
    public func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key] = value
    }
}

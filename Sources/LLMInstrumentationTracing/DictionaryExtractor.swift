public import Tracing

/// Reads trace context from a `[String: String]` carrier, the counterpart of
/// ``DictionaryInjector``.
public struct DictionaryExtractor: Extractor {
    /// Creates the extractor.
    public init() {}

    /// `carrier[key]`.
    public func extract(key: String, from carrier: [String: String]) -> String? {
        carrier[key]
    }
}

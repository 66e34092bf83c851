/// The package's own span handlers that read neither a span's arguments nor its result (or only
/// one of them): when no handler on a chain reads them, the scoped span API does not build the
/// arguments or box the result. Not public: a fast path for first-party handlers, which a handler
/// author never needs.
package protocol SelectiveSpanHandler: SpanHandler {
    /// Whether the handler reads ``SpanEntry/boundArguments``, ``SpanExit/boundArguments`` and
    /// ``SpanDrop/boundArguments``.
    var readsBoundArguments: Bool { get }
    /// Whether the handler reads ``SpanExit/result``.
    var readsResults: Bool { get }
}

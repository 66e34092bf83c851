/// Runs `body` with `tags` added to the active tags.
///
/// Every event and span made inside the scope carries the tags. Nested scopes merge, and the inner
/// scope's value wins for a key both set. This is the Swift form of the reference's
/// `instrument_tags` context manager.
///
/// ```swift
/// withInstrumentTags(["request_id": "r-42", "tenant": "acme"]) {
///     pipeline.run(query)
/// }
/// ```
public func withInstrumentTags<Result, Failure: Error>(
    _ tags: [String: JSONValue],
    _ body: () throws(Failure) -> Result
) throws(Failure) -> Result {
    try ActiveSpanContext.current.addingTags(tags).run(body)
}

/// Runs the asynchronous `body` with `tags` added to the active tags; child tasks inherit them.
///
/// Nested scopes merge, and the inner scope's value wins for a key both set.
public func withInstrumentTags<Result, Failure: Error>(
    _ tags: [String: JSONValue],
    isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws(Failure) -> Result
) async throws(Failure) -> Result {
    try await ActiveSpanContext.current.addingTags(tags).run(body)
}

extension ActiveSpanContext {
    /// This context with `tags` merged in; `tags` win for keys set in both.
    func addingTags(_ tags: [String: JSONValue]) -> ActiveSpanContext {
        var merged = self
        merged.tags.merge(tags) { _, inner in inner }
        return merged
    }
}

/// Who and what a request is about: its session (conversation), its user, metadata, labels, and
/// the prompt template it answers with. The request context travels in the active tags under
/// OpenInference's attribute names (``sessionIDKey`` is `session.id`, ...), so it goes wherever
/// tags go: every span and event inside the scope carries it, child tasks inherit it, a thread or
/// another process gets it with the context hand-off, and every handler that records tags (the
/// JSON-lines exporter, the tracing bridge) records it.
///
/// ```swift
/// try await withRequestContext(session: "chat-42", user: "alice", metadata: ["plan": "pro"]) {
///     try await pipeline.query(question)
/// }
/// ```
///
/// Nested scopes behave as tags do: an inner session or user replaces the outer one, inner
/// metadata keys are merged over the outer ones, an inner list of labels replaces the outer list.
public enum RequestContext {
    /// The tag key of the session id: OpenInference's `session.id`.
    public static let sessionIDKey = "session.id"
    /// The tag key of the user id: OpenInference's `user.id`.
    public static let userIDKey = "user.id"
    /// The tag key of the metadata object: OpenInference's `metadata`.
    public static let metadataKey = "metadata"
    /// The tag key of the labels (a list of strings): OpenInference's `tag.tags`.
    public static let labelsKey = "tag.tags"
    /// The tag key of the prompt template's text: OpenInference's `llm.prompt_template.template`.
    public static let promptTemplateKey = "llm.prompt_template.template"
    /// The tag key of the prompt template's variables (an object):
    /// OpenInference's `llm.prompt_template.variables`.
    public static let promptTemplateVariablesKey = "llm.prompt_template.variables"
    /// The tag key of the prompt template's version: OpenInference's `llm.prompt_template.version`.
    public static let promptTemplateVersionKey = "llm.prompt_template.version"

    /// The keys of the request context, which are not plain tags.
    public static let keys: Set<String> = [
        sessionIDKey, userIDKey, metadataKey, labelsKey, promptTemplateKey, promptTemplateVariablesKey,
        promptTemplateVersionKey,
    ]

    /// The active tags with the given parts of a request context set over them.
    static func tags(
        _ session: String?,
        _ user: String?,
        _ metadata: [String: JSONValue],
        _ labels: [String]?,
        _ promptTemplate: String?,
        _ promptVariables: [String: JSONValue],
        _ promptVersion: String?
    ) -> [String: JSONValue] {
        let outer = ActiveSpanContext.current.tags
        var tags: [String: JSONValue] = [:]
        if let session { tags[sessionIDKey] = .string(session) }
        if let user { tags[userIDKey] = .string(user) }
        if !metadata.isEmpty {
            let outerMetadata = outer[metadataKey]?.objectValue ?? [:]
            tags[metadataKey] = .object(outerMetadata.merging(metadata) { _, inner in inner })
        }
        if let labels { tags[labelsKey] = .array(labels.map(JSONValue.string)) }
        if let promptTemplate { tags[promptTemplateKey] = .string(promptTemplate) }
        if !promptVariables.isEmpty {
            let outerVariables = outer[promptTemplateVariablesKey]?.objectValue ?? [:]
            tags[promptTemplateVariablesKey] = .object(outerVariables.merging(promptVariables) { _, inner in inner })
        }
        if let promptVersion { tags[promptTemplateVersionKey] = .string(promptVersion) }
        return tags
    }
}

extension ActiveSpanContext {
    /// The session id of the request context, if it is set (and a string).
    public var sessionID: String? { tags[RequestContext.sessionIDKey]?.stringValue }
    /// The user id of the request context, if it is set (and a string).
    public var userID: String? { tags[RequestContext.userIDKey]?.stringValue }
    /// The metadata of the request context (empty if none).
    public var metadata: [String: JSONValue] { tags[RequestContext.metadataKey]?.objectValue ?? [:] }
}

/// Runs `body` in a request context: a session, a user, metadata, labels and a prompt template,
/// each set only when given; the rest of the outer context stays. See ``RequestContext``.
/// - Parameters:
///   - session: the session (conversation) id.
///   - user: the user id.
///   - metadata: metadata, merged over the outer scope's.
///   - labels: labels for filtering (`tag.tags`), replacing the outer scope's.
///   - promptTemplate: the text of the prompt template the request answers with.
///   - promptVariables: the template's variables, merged over the outer scope's.
///   - promptVersion: the template's version.
///   - body: the work of the request.
public func withRequestContext<Result, Failure: Error>(
    session: String? = nil,
    user: String? = nil,
    metadata: [String: JSONValue] = [:],
    labels: [String]? = nil,
    promptTemplate: String? = nil,
    promptVariables: [String: JSONValue] = [:],
    promptVersion: String? = nil,
    _ body: () throws(Failure) -> Result
) throws(Failure) -> Result {
    let tags = RequestContext.tags(session, user, metadata, labels, promptTemplate, promptVariables, promptVersion)
    return try withInstrumentTags(tags, body)
}

/// Runs the asynchronous `body` in a request context; child tasks inherit it. Otherwise the same
/// as the synchronous form.
public func withRequestContext<Result, Failure: Error>(
    session: String? = nil,
    user: String? = nil,
    metadata: [String: JSONValue] = [:],
    labels: [String]? = nil,
    promptTemplate: String? = nil,
    promptVariables: [String: JSONValue] = [:],
    promptVersion: String? = nil,
    isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws(Failure) -> Result
) async throws(Failure) -> Result {
    let tags = RequestContext.tags(session, user, metadata, labels, promptTemplate, promptVariables, promptVersion)
    return try await withInstrumentTags(tags, isolation: isolation, body)
}

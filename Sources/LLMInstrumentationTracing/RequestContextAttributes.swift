import LLMInstrumentation
import Logging

/// The attributes of a span's tags: each tag under its key, the request context's parts under
/// OpenInference's names (`session.id`, `user.id`, `tag.tags`, `llm.prompt_template.*`, which
/// are their tag keys) with `gen_ai.conversation.id` beside the session, and `metadata` as the JSON
/// of the plain tags with the request's metadata over them.
///
/// A part of the wrong type (a session id that is a number, from JSON restored in another
/// process) is left out, with a logged warning, never written as something else.
enum RequestContextAttributes {
    /// The parts that must be strings.
    private static let stringKeys = [
        RequestContext.sessionIDKey, RequestContext.userIDKey, RequestContext.promptTemplateKey,
        RequestContext.promptTemplateVersionKey,
    ]

    static func write(
        _ tags: [String: JSONValue],
        spanID: String,
        logger: Logger,
        into attributes: inout PendingAttributes
    ) {
        var metadata: [String: JSONValue] = [:]
        for (key, value) in tags where !RequestContext.keys.contains(key) {
            attributes.set(key, json: value)
            metadata[key] = value
        }
        for key in stringKeys {
            guard let value = tags[key] else { continue }
            guard let text = value.stringValue else {
                logger.warning(
                    "The request context's \(key) is not a string; left out of the span",
                    metadata: ["span_id": .string(spanID), "value": .string(value.jsonString())]
                )
                continue
            }
            attributes.set(key, text)
        }
        if let session = tags[RequestContext.sessionIDKey]?.stringValue {
            attributes.set(OpenInference.genAIConversationID, session)
        }
        if let labels = tags[RequestContext.labelsKey] {
            if let texts = labels.arrayValue?.compactMap(\.stringValue), texts.count == labels.arrayValue?.count {
                attributes.set(RequestContext.labelsKey, .stringArray(texts))
            } else {
                logger.warning(
                    "The request context's \(RequestContext.labelsKey) is not a list of strings; left out of the span",
                    metadata: ["span_id": .string(spanID), "value": .string(labels.jsonString())]
                )
            }
        }
        if let variables = tags[RequestContext.promptTemplateVariablesKey] {
            attributes.set(RequestContext.promptTemplateVariablesKey, variables.jsonString())
        }
        if let requestMetadata = tags[RequestContext.metadataKey] {
            if let object = requestMetadata.objectValue {
                metadata.merge(object) { _, request in request }
            } else {
                logger.warning(
                    "The request context's metadata is not an object; left out of the span",
                    metadata: ["span_id": .string(spanID), "value": .string(requestMetadata.jsonString())]
                )
            }
        }
        if !metadata.isEmpty {
            attributes.set(OpenInference.metadata, JSONValue.object(metadata).jsonString())
        }
    }
}

import Foundation
public import LLMInstrumentation

/// Reads events back from their dumps (a JSON-lines file, another process): the built-in events
/// by their `class_name`, custom ones once registered, and any other kind as a ``RecordedEvent``
/// that keeps every field, so nothing is lost.
public enum EventDecoding {
    /// The event types read by class name: every built-in event.
    public static let builtinTypes: [any (Event & Decodable).Type] = [
        AgentChatWithStepEndEvent.self,
        AgentChatWithStepStartEvent.self,
        AgentRunStepEndEvent.self,
        AgentRunStepStartEvent.self,
        AgentToolCallEvent.self,
        EmbeddingEndEvent.self,
        EmbeddingStartEvent.self,
        ExceptionEvent.self,
        GetMessageResponseEndEvent.self,
        GetMessageResponseStartEvent.self,
        GetResponseEndEvent.self,
        GetResponseStartEvent.self,
        LLMChatEndEvent.self,
        LLMChatInProgressEvent.self,
        LLMChatStartEvent.self,
        LLMCompletionEndEvent.self,
        LLMCompletionInProgressEvent.self,
        LLMCompletionStartEvent.self,
        LLMPredictEndEvent.self,
        LLMPredictStartEvent.self,
        LLMStructuredPredictEndEvent.self,
        LLMStructuredPredictInProgressEvent.self,
        LLMStructuredPredictStartEvent.self,
        QueryEndEvent.self,
        QueryStartEvent.self,
        ReRankEndEvent.self,
        ReRankStartEvent.self,
        RetrievalEndEvent.self,
        RetrievalStartEvent.self,
        SpanDropEvent.self,
        SparseEmbeddingEndEvent.self,
        SparseEmbeddingStartEvent.self,
        StreamChatDeltaReceivedEvent.self,
        StreamChatEndEvent.self,
        StreamChatErrorEvent.self,
        StreamChatStartEvent.self,
        SynthesizeEndEvent.self,
        SynthesizeStartEvent.self,
    ]

    private static let registered = LockedValue<[String: any (Event & Decodable).Type]>(
        Dictionary(builtinTypes.map { ($0.className, $0) }, uniquingKeysWith: { first, _ in first })
    )

    /// Makes ``decode(_:)`` read dumps whose `class_name` is `type`'s as `type`.
    ///
    /// The compiler's `Decodable` reads a custom event back: its properties are read by their
    /// snake_case names, as the event's dump writes them, and its `EventMetadata` from the base
    /// fields beside them.
    public static func register(_ type: any (Event & Decodable).Type) {
        registered.withLock { $0[type.className] = type }
    }

    /// Reads one event dump. `Double` and `Float` fields of typed events read the strings `"NaN"`,
    /// `"Infinity"` and `"-Infinity"` as the numbers they name.
    /// - Returns: the typed event for a known `class_name`, else a ``RecordedEvent``.
    /// - Throws: ``EventDecodingError`` when the dump is not an object with a `class_name`, or a
    ///   known kind's fields do not decode.
    public static func decode(_ dump: JSONValue) throws(EventDecodingError) -> any Event {
        guard case .object(let fields) = dump else { throw .notAnObject }
        guard let className = fields["class_name"]?.stringValue else { throw .missingClassName }
        guard let type = registered.withLock({ $0[className] }) else {
            do {
                return try RecordedEvent(dump: fields)
            } catch {
                throw .invalidFields(className: className, reason: String(describing: error))
            }
        }
        do {
            return try JSONValueDecoder(convertsKeysFromSnakeCase: true).decode(type, from: dump)
        } catch {
            throw .invalidFields(className: className, reason: String(describing: error))
        }
    }

    /// Reads one event dump from JSON text.
    public static func decode(jsonString: String) throws(EventDecodingError) -> any Event {
        let value: JSONValue
        do {
            value = try JSONParser.parse(jsonString)
        } catch {
            throw .notJSON(error.description)
        }
        return try decode(value)
    }
}

/// Why an event dump could not be read.
public enum EventDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not JSON.
    case notJSON(String)
    /// The dump is not a JSON object.
    case notAnObject
    /// The dump has no `class_name`.
    case missingClassName
    /// The fields of a known event kind did not decode.
    case invalidFields(className: String, reason: String)

    /// A sentence saying what is wrong.
    public var description: String {
        switch self {
        case .notJSON(let reason): return "event is not JSON: \(reason)"
        case .notAnObject: return "event must be a JSON object"
        case .missingClassName: return "event has no class_name"
        case .invalidFields(let className, let reason): return "\(className) has invalid fields: \(reason)"
        }
    }
}

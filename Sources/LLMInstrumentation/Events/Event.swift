public import Foundation

/// Something that happened at one moment in the instrumented program: an LLM call started, a
/// document was retrieved, a tool was called.
///
/// An event is a `Sendable`, `Encodable` value with its own fields and one stored
/// ``EventMetadata`` for the fields all events share; the compiler's `Encodable` (and
/// `Decodable`, to read it back) does the rest:
///
/// ```swift
/// struct CacheHitEvent: Event, Decodable {
///     var key: String
///     var shard: Int?
///     var metadata = EventMetadata()
/// }
///
/// dispatcher.event(CacheHitEvent(key: key))
/// ```
///
/// Events are handed to every ``EventHandler`` on the dispatcher's chain; ``jsonValue()`` gives
/// the reference's dump shape (every field in snake_case, `null` when absent, as a
/// ``ModelDumpEncodable`` value, plus `id_`, `span_id`, `timestamp`, `tags` and `class_name`).
public protocol Event: Sendable, ModelDumpEncodable {
    /// The shared fields of the event.
    var metadata: EventMetadata { get set }

    /// The name of the event kind, `class_name` in dumps. Defaults to the type's name.
    static var className: String { get }

    /// The event as `policy` lets it be recorded: what the dispatcher hands its handlers. The
    /// package's events hide and cut their content as ``ContentPolicy`` says; by default an
    /// event is recorded as it is. Implement it for an event of your own that carries content
    /// (see ``ContentPolicyApplicable`` for the package's payloads).
    func applying(_ policy: ContentPolicy) -> Self
}

extension Event {
    /// The event as it is.
    public func applying(_ policy: ContentPolicy) -> Self { self }

    /// The name of the event kind: the type's name.
    public static var className: String { String(describing: Self.self) }

    /// The unique id of the event (`id_` in dumps).
    public var id: String { metadata.id }

    /// When the event was made.
    public var timestamp: Date { metadata.timestamp }

    /// The span the event belongs to: the active span when it was made.
    public var spanID: String? { metadata.spanID }

    /// The tags of the event: the active tags when it was made, and its own.
    public var tags: [String: JSONValue] { metadata.tags }

    /// The name of the event kind (`class_name` in dumps).
    public var className: String { Self.className }

    /// The event in the reference's dump shape: every field with snake_case keys, plus `id_`,
    /// `span_id`, `timestamp` (ISO 8601), `tags` and `class_name`.
    /// - Throws: whatever a field's own `encode(to:)` throws.
    public func jsonValue() throws -> JSONValue {
        if let preserved = self as? any DumpPreservingEvent { return preserved.dump }
        var dump = try JSONValueEncoder().encode(self)
        if case .object(var fields) = dump {
            fields["class_name"] = .string(className)
            for (key, value) in metadata.baseFields where fields[key] == nil {
                fields[key] = value
            }
            dump = .object(fields)
        }
        return dump
    }
}

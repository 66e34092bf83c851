import Foundation

/// What ``Dispatcher/capturePropagationContext()`` captures to continue a trace in another task
/// or process: a JSON object that handlers add their members to (a tracing bridge its
/// `traceparent`), with the active tags under `"instrument_tags"` and the active span under
/// `"active_span_id"`.
///
/// ```swift
/// // process A
/// let header = dispatcher.capturePropagationContext().jsonString()
/// // process B
/// let context = try PropagationContext(jsonString: header)
/// try await dispatcher.restorePropagationContext(context) { try await handle(request) }
/// ```
public struct PropagationContext: Sendable, Hashable, Codable {
    /// The key of the captured tags.
    public static let tagsKey = "instrument_tags"
    /// The key of the captured active span id.
    public static let spanIDKey = "active_span_id"
    /// The largest JSON text accepted by ``init(jsonString:)``: 64 KiB.
    public static let maximumEncodedSize = 64 * 1024

    /// The captured members.
    public var values: [String: JSONValue]

    /// Creates a context from its members.
    public init(values: [String: JSONValue] = [:]) {
        self.values = values
    }

    /// Reads a context from the JSON text made by ``jsonString()``.
    /// - Throws: ``PropagationContextError`` when the text is larger than
    ///   ``maximumEncodedSize``, is not JSON, or is not a JSON object.
    public init(jsonString: String) throws(PropagationContextError) {
        let size = jsonString.utf8.count
        guard size <= Self.maximumEncodedSize else {
            throw .tooLarge(bytes: size, limit: Self.maximumEncodedSize)
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(jsonString.utf8))
        } catch {
            throw .notJSON(String(describing: error))
        }
        guard case .object(let values) = value else {
            throw .notAnObject(found: String(value.jsonString().prefix(80)))
        }
        self.values = values
    }

    /// The context as compact JSON text, to cross a process boundary.
    public func jsonString() -> String {
        JSONValue.object(values).jsonString()
    }

    /// Whether nothing was captured.
    public var isEmpty: Bool { values.isEmpty }

    /// Decodes the context from a JSON object.
    public init(from decoder: any Decoder) throws {
        values = try [String: JSONValue](from: decoder)
    }

    /// Encodes the context as a JSON object.
    public func encode(to encoder: any Encoder) throws {
        try values.encode(to: encoder)
    }
}

/// Why a propagation context could not be read.
public enum PropagationContextError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is larger than the limit.
    case tooLarge(bytes: Int, limit: Int)
    /// The text is not JSON.
    case notJSON(String)
    /// The text is JSON but not an object.
    case notAnObject(found: String)

    /// A sentence saying what is wrong.
    public var description: String {
        switch self {
        case .tooLarge(let bytes, let limit):
            return "propagation context is \(bytes) bytes, more than the limit of \(limit)"
        case .notJSON(let reason):
            return "propagation context is not JSON: \(reason)"
        case .notAnObject(let found):
            return "propagation context must be a JSON object, found \(found)"
        }
    }
}

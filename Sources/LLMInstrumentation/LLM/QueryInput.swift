/// What a retrieval, query or synthesis was asked: plain text or a ``QueryBundle`` (the
/// reference's `str_or_query_bundle`). Encodes as the one it holds.
public enum QueryInput: Sendable, Hashable, Codable, ModelDumpEncodable, ExpressibleByStringLiteral {
    /// Plain text.
    case text(String)
    /// A query bundle.
    case bundle(QueryBundle)

    /// Creates a text query.
    public init(stringLiteral value: String) {
        self = .text(value)
    }

    /// The query's text.
    public var queryText: String {
        switch self {
        case .text(let text): return text
        case .bundle(let bundle): return bundle.queryStr
        }
    }

    /// Encodes the text or the bundle.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .text(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .bundle(let bundle):
            try bundle.encode(to: encoder)
        }
    }

    /// Decodes text or a bundle.
    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self = .text(text)
        } else {
            self = .bundle(try QueryBundle(from: decoder))
        }
    }
}

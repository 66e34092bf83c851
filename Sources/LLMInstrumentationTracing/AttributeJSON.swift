import LLMInstrumentation
import Tracing

/// Turns the values the bridge records (bound arguments, results, event fields) into JSON and span
/// attributes, the way OpenInference's LlamaIndex handler serialises them (`safe_json_dumps` with
/// its encoder): nodes as a short description, query bundles without their embedding vector.
enum AttributeJSON {
    /// The JSON form of any value: itself when it is JSON already, its encoding when it is
    /// `Encodable` (keys in snake_case, as in the event dumps), otherwise its text.
    static func json(of value: any Sendable) -> JSONValue {
        switch value {
        case let json as JSONValue: return json
        case let text as String: return .string(text)
        case let number as Int: return .int(number)
        case let number as Double: return .double(number)
        case let flag as Bool: return .bool(flag)
        case let node as NodeWithScore: return .string(description(of: node))
        case let nodes as [NodeWithScore]: return .array(nodes.map { .string(description(of: $0)) })
        case let query as QueryInput: return json(of: query)
        case let bundle as QueryBundle: return json(of: bundle)
        case let values as [any Sendable]: return .array(values.map(json(of:)))
        case let encodable as any Encodable:
            if let encoded = try? JSONValueEncoder().encode(encodable) {
                return encoded
            }
            return .string(String(describing: value))
        default:
            return .string(String(describing: value))
        }
    }

    /// `<NodeWithScore(node=TextNode(id_=…), score=…)>`, as the Python handler shows a node.
    static func description(of node: NodeWithScore) -> String {
        "<NodeWithScore(node=TextNode(id_=\(node.id)), score=\(node.score.map { String($0) } ?? "None"))>"
    }

    static func json(of query: QueryInput) -> JSONValue {
        switch query {
        case .text(let text): return .string(text)
        case .bundle(let bundle): return json(of: bundle)
        }
    }

    /// The bundle's fields, with an embedding shown as its size only.
    static func json(of bundle: QueryBundle) -> JSONValue {
        var fields: [String: JSONValue] = [
            "query_str": .string(bundle.queryStr),
            "image_path": bundle.imagePath.map(JSONValue.string) ?? .null,
            "custom_embedding_strs": bundle.customEmbeddingStrs.map { .array($0.map(JSONValue.string)) } ?? .null,
            "embedding": .null,
        ]
        if let embedding = bundle.embedding, !embedding.isEmpty {
            fields["embedding"] = .string("<\(embedding.count)-dimensional vector>")
        }
        return .object(fields)
    }

    /// The bound arguments as a JSON object in parameter order, as `input.value` holds them.
    static func objectText(of arguments: BoundArguments) -> String {
        var text = "{"
        for (index, argument) in arguments.arguments.enumerated() {
            if index > 0 { text += "," }
            text += JSONValue.string(argument.name).jsonString()
            text += ":"
            text += json(of: argument.value).jsonString()
        }
        text += "}"
        return text
    }

    /// A span attribute for a JSON value: scalars as themselves, arrays of one scalar type as
    /// arrays, anything else as JSON text.
    static func attribute(_ value: JSONValue) -> SpanAttribute? {
        switch value {
        case .null: return nil
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int64(Int64(number))
        case .double(let number): return .double(number)
        case .string(let text): return .string(text)
        case .array(let elements):
            if let texts = allOf(elements, \.stringValue) { return .stringArray(texts) }
            if let numbers = allOf(elements, { $0.intValue.map(Int64.init) }) { return .int64Array(numbers) }
            if let numbers = allOf(elements, \.doubleValue) { return .doubleArray(numbers) }
            if let flags = allOf(elements, \.boolValue) { return .boolArray(flags) }
            return .string(value.jsonString())
        case .object:
            return .string(value.jsonString())
        }
    }

    private static func allOf<T>(_ elements: [JSONValue], _ extract: (JSONValue) -> T?) -> [T]? {
        guard !elements.isEmpty else { return nil }
        var values: [T] = []
        values.reserveCapacity(elements.count)
        for element in elements {
            guard let value = extract(element) else { return nil }
            values.append(value)
        }
        return values
    }

    /// An integer read from a token count: an integer, or a number with no fraction.
    static func integer(_ value: JSONValue?) -> Int? {
        switch value {
        case .int(let number)?: return number
        case .double(let number)? where number.rounded() == number && abs(number) < 1e15: return Int(number)
        case .string(let text)?: return Int(text)
        default: return nil
        }
    }
}

import LLMInstrumentation
import Logging

/// Turns JSON values into swift-log metadata values.
enum LogValue {
    static func metadata(_ value: JSONValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): return .string(text)
        case .array(let elements): return .array(elements.map(metadata))
        case .object(let members): return .dictionary(members.mapValues(metadata))
        default: return .string(value.jsonString())
        }
    }
}

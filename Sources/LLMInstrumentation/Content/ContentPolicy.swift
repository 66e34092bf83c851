import Foundation

/// What of the content of model calls, retrievals and spans may be recorded: one policy per
/// dispatcher, applied to every event and span before any handler sees it.
///
/// The switches are OpenInference's (`TraceConfig`), with the environment variables an operator
/// who knows them looks for; the root dispatcher starts from ``init(environment:diagnose:)`` of the
/// process's environment, and a dispatcher without a policy of its own uses its nearest
/// ancestor's, as argument redaction does:
///
/// ```swift
/// Dispatcher.root.contentPolicy = ContentPolicy(hidesInputMessages: true, hidesOutputText: true)
/// Dispatcher.named("MyApp.debug").contentPolicy = ContentPolicy(maximumTextBytes: 64 * 1024)
/// ```
///
/// A hidden text becomes ``redacted`` (`"__REDACTED__"`), a hidden list of messages or embedding
/// vectors becomes empty, and every event keeps its fields and types, so its dump keeps the
/// reference's shape and every reader still reads it. Token counts, costs, model names, finish
/// reasons, roles and tool names are never hidden. A text longer than ``maximumTextBytes`` is cut
/// at a character boundary and ends with a marker saying how much was cut
/// (`…[cut 1200 of 5296 bytes]`); the cut is made on the text, before any handler encodes it, so
/// every JSON line stays valid.
///
/// The prompt template variables of the request context are inputs too: hidden (their names
/// kept) with the inputs' text, and cut to the budget. With no switch and no budget set the policy
/// only looks for long base64 images, in the package's chat events and in span arguments and
/// results; an event type of your own goes through its `applying(_:)` once a switch or a budget
/// is set.
public struct ContentPolicy: Sendable, Hashable {
    /// Hides every input: span arguments, prompts, input messages, queries, template arguments,
    /// embedded texts (`OPENINFERENCE_HIDE_INPUTS`).
    public var hidesInputs: Bool
    /// Hides every output: span results, answers, output messages, retrieved documents' text,
    /// streamed deltas (`OPENINFERENCE_HIDE_OUTPUTS`).
    public var hidesOutputs: Bool
    /// Hides the messages sent to a model: they are recorded as none
    /// (`OPENINFERENCE_HIDE_INPUT_MESSAGES`).
    public var hidesInputMessages: Bool
    /// Hides the message a model answers with: recorded with its role and no content
    /// (`OPENINFERENCE_HIDE_OUTPUT_MESSAGES`).
    public var hidesOutputMessages: Bool
    /// Hides the text of inputs but keeps their structure: message roles, tool names and tool
    /// call ids stay, texts and tool arguments become ``redacted`` (`OPENINFERENCE_HIDE_INPUT_TEXT`).
    public var hidesInputText: Bool
    /// Hides the text of outputs, keeping roles, tool names and ids
    /// (`OPENINFERENCE_HIDE_OUTPUT_TEXT`).
    public var hidesOutputText: Bool
    /// Hides embedding vectors: recorded as none (`OPENINFERENCE_HIDE_EMBEDDING_VECTORS`).
    public var hidesEmbeddingVectors: Bool
    /// Hides the images of input messages: their URL and data become ``redacted``
    /// (`OPENINFERENCE_HIDE_INPUT_IMAGES`).
    public var hidesInputImages: Bool
    /// The longest base64 image recorded, in characters; a longer one (an image block's data or a
    /// `data:image/` URL anywhere) is ``redacted`` (`OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH`, 32,000 by default as in
    /// OpenInference).
    public var maximumBase64ImageLength: Int
    /// The most UTF-8 bytes of any one text recorded (a message's text, a prompt, a document, a
    /// string argument or result, a string inside a JSON value), or `nil` for no limit.
    public var maximumTextBytes: Int?

    /// The text a hidden value is recorded as: OpenInference's `__REDACTED__`.
    public static let redacted = "__REDACTED__"

    /// OpenInference's default base64 image limit, in characters.
    public static let defaultMaximumBase64ImageLength = 32_000

    /// Records everything, cutting only base64 images longer than
    /// ``defaultMaximumBase64ImageLength``: what a process without any of the switches in its
    /// environment gets.
    public static let recordEverything = ContentPolicy()

    /// Creates a policy; by default everything is recorded but base64 images longer than
    /// ``defaultMaximumBase64ImageLength``.
    public init(
        hidesInputs: Bool = false,
        hidesOutputs: Bool = false,
        hidesInputMessages: Bool = false,
        hidesOutputMessages: Bool = false,
        hidesInputText: Bool = false,
        hidesOutputText: Bool = false,
        hidesEmbeddingVectors: Bool = false,
        hidesInputImages: Bool = false,
        maximumBase64ImageLength: Int = ContentPolicy.defaultMaximumBase64ImageLength,
        maximumTextBytes: Int? = nil
    ) {
        self.hidesInputs = hidesInputs
        self.hidesOutputs = hidesOutputs
        self.hidesInputMessages = hidesInputMessages
        self.hidesOutputMessages = hidesOutputMessages
        self.hidesInputText = hidesInputText
        self.hidesOutputText = hidesOutputText
        self.hidesEmbeddingVectors = hidesEmbeddingVectors
        self.hidesInputImages = hidesInputImages
        self.maximumBase64ImageLength = maximumBase64ImageLength
        self.maximumTextBytes = maximumTextBytes
    }

    /// Whether a value flows into a call (an argument, a prompt, input messages) or out of it (a
    /// result, an answer, retrieved documents).
    public enum Direction: Sendable, Hashable {
        /// Into the call.
        case input
        /// Out of the call.
        case output
    }

    // MARK: Applying the policy

    /// Whether everything in this direction is hidden.
    func hidesAll(_ direction: Direction) -> Bool {
        direction == .input ? hidesInputs : hidesOutputs
    }

    /// Whether the messages in this direction are hidden.
    func hidesMessages(_ direction: Direction) -> Bool {
        direction == .input ? hidesInputs || hidesInputMessages : hidesOutputs || hidesOutputMessages
    }

    /// Whether the texts in this direction are hidden.
    func hidesText(_ direction: Direction) -> Bool {
        direction == .input ? hidesInputs || hidesInputText : hidesOutputs || hidesOutputText
    }

    /// A text as it may be recorded: hidden, cut to the budget, or as it is.
    func text(_ text: String, _ direction: Direction) -> String {
        hidesText(direction) ? Self.redacted : cut(text)
    }

    /// An optional text as it may be recorded.
    func text(_ text: String?, _ direction: Direction) -> String? {
        text.map { self.text($0, direction) }
    }

    /// `text` cut to ``maximumTextBytes`` at a character boundary, with a marker, or as it is.
    func cut(_ text: String) -> String {
        if text.utf8.count > maximumBase64ImageLength, text.hasPrefix("data:image/") { return Self.redacted }
        guard let limit = maximumTextBytes, text.utf8.count > limit else { return text }
        var kept = 0
        var end = text.startIndex
        for index in text.indices {
            let size = text[index].utf8.count
            guard kept + size <= limit else { break }
            kept += size
            end = text.index(after: index)
        }
        return String(text[..<end]) + "…[cut \(text.utf8.count - kept) of \(text.utf8.count) bytes]"
    }

    /// A JSON value as it may be recorded: hidden as one text when the texts are, else with each
    /// string in it cut.
    func json(_ value: JSONValue, _ direction: Direction) -> JSONValue {
        hidesText(direction) ? .string(Self.redacted) : cutStrings(value)
    }

    /// `value` with each string in it (keys apart) cut; as it is when there is nothing to cut.
    func cutStrings(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): .string(cut(text))
        case .array(let items): .array(items.map(cutStrings))
        case .object(let members): .object(members.mapValues(cutStrings))
        default: value
        }
    }

    /// Tags as they may be recorded: the request context's prompt template variables are inputs,
    /// hidden (names kept) with the inputs' text and cut to the budget.
    func tags(_ tags: [String: JSONValue]) -> [String: JSONValue] {
        let key = RequestContext.promptTemplateVariablesKey
        guard hidesText(.input) || maximumTextBytes != nil, let variables = tags[key] else { return tags }
        var recorded = tags
        if hidesText(.input), case .object(let members) = variables {
            recorded[key] = .object(members.mapValues { _ in .string(Self.redacted) })
        } else {
            recorded[key] = json(variables, .input)
        }
        return recorded
    }

    /// A span argument or result as it may be recorded: hidden when everything in its direction
    /// is; a text, a JSON value or one of the package's payloads (``ContentPolicyApplicable``) as
    /// the policy says; any other value as it is.
    func value(_ value: any Sendable, _ direction: Direction) -> any Sendable {
        if hidesAll(direction) { return Self.redacted }
        if let text = value as? String { return self.text(text, direction) }
        if let json = value as? JSONValue { return self.json(json, direction) }
        if let payload = value as? any ContentPolicyApplicable { return payload.applying(self, direction) }
        return value
    }
}

extension ContentPolicy {
    /// The environment variables of the switches, each with the switch it sets.
    static var environmentVariables: [String: WritableKeyPath<ContentPolicy, Bool>] {
        [
            "OPENINFERENCE_HIDE_INPUTS": \.hidesInputs,
            "OPENINFERENCE_HIDE_OUTPUTS": \.hidesOutputs,
            "OPENINFERENCE_HIDE_INPUT_MESSAGES": \.hidesInputMessages,
            "OPENINFERENCE_HIDE_OUTPUT_MESSAGES": \.hidesOutputMessages,
            "OPENINFERENCE_HIDE_INPUT_TEXT": \.hidesInputText,
            "OPENINFERENCE_HIDE_OUTPUT_TEXT": \.hidesOutputText,
            "OPENINFERENCE_HIDE_EMBEDDING_VECTORS": \.hidesEmbeddingVectors,
            "OPENINFERENCE_HIDE_INPUT_IMAGES": \.hidesInputImages,
        ]
    }

    /// The environment variable of the base64 image limit.
    public static let base64ImageMaximumLengthVariable = "OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH"

    /// The policy OpenInference's environment variables set, as its `TraceConfig` reads them:
    /// `OPENINFERENCE_HIDE_INPUTS`, `_OUTPUTS`, `_INPUT_MESSAGES`, `_OUTPUT_MESSAGES`,
    /// `_INPUT_TEXT`, `_OUTPUT_TEXT`, `_EMBEDDING_VECTORS` and `_INPUT_IMAGES` are `true` or
    /// `false` in any case, a whole number of characters for
    /// `OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH`. A value it cannot read leaves the default and is
    /// reported to `diagnose` (the root dispatcher logs it as a warning).
    public init(environment: [String: String], diagnose: (String) -> Void = { _ in }) {
        self.init()
        for (name, keyPath) in Self.environmentVariables {
            guard let value = environment[name] else { continue }
            switch value.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true": self[keyPath: keyPath] = true
            case "false": self[keyPath: keyPath] = false
            default: diagnose("\(name) is \"\(value)\", not true or false; left at false")
            }
        }
        if let value = environment[Self.base64ImageMaximumLengthVariable] {
            if let length = Int(value.trimmingCharacters(in: .whitespaces)), length >= 0 {
                maximumBase64ImageLength = length
            } else {
                diagnose(
                    "\(Self.base64ImageMaximumLengthVariable) is \"\(value)\", not a whole number of characters; "
                        + "left at \(Self.defaultMaximumBase64ImageLength)"
                )
            }
        }
    }
}

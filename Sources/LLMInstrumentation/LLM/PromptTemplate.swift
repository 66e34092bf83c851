/// A prompt with named variables, written `{name}` as in Python's `str.format` and LlamaIndex's
/// templates (`{{` and `}}` stand for the braces themselves): the Swift form of LlamaIndex's
/// `PromptTemplate` (text) and `ChatPromptTemplate` (messages).
///
/// ```swift
/// let template = PromptTemplate(
///     messages: [
///         ChatMessage(role: .system, content: "Answer from this context: {context}"),
///         ChatMessage(role: .user, content: "{question}"),
///     ],
///     version: "answer-v2"
/// )
/// let messages = try template.formatMessages(["context": context, "question": question])
/// let answer = try await model.predict(template, ["context": context, "question": question])
/// ```
///
/// Formatting fails with a ``PromptTemplateError`` when a variable has no value or a brace is
/// unmatched; values nobody asks for are ignored, as Python ignores them. An instrumented chat
/// model's `predict(_:_:options:)` and `streamPredict(_:_:options:)` format through a template
/// inside a span with the reference's predict events and record the template, its variables and
/// its version (OpenInference's `llm.prompt_template.*`) on every span and event inside.
public struct PromptTemplate: Sendable, Hashable {
    /// The template's text: the text template itself, or for messages each message's text as
    /// `role: text` on its own line (LlamaIndex's `get_template()` form).
    public let text: String
    /// The message templates, or `nil` for a text template.
    public let messages: [ChatMessage]?
    /// The template's version, recorded as `llm.prompt_template.version`.
    public let version: String?
    /// The names of the variables, in the order they first appear.
    public let variableNames: [String]
    private let parsed: Result<[[Segment]], PromptTemplateError>

    private enum Segment: Sendable, Hashable {
        case literal(String)
        case variable(String)
    }

    /// A text template.
    /// - Parameters:
    ///   - text: the text, with `{name}` for each variable.
    ///   - version: the template's version, if you keep versions.
    public init(_ text: String, version: String? = nil) {
        self.init(texts: [text], text: text, messages: nil, version: version)
    }

    /// A chat template: the text blocks of each message are templates.
    /// - Parameters:
    ///   - messages: the messages, with `{name}` for each variable in their text.
    ///   - version: the template's version, if you keep versions.
    public init(messages: [ChatMessage], version: String? = nil) {
        let texts = messages.flatMap { message in message.blocks.compactMap(\.text) }
        let text = messages.map { "\($0.role.rawValue): \($0.content ?? "")" }.joined(separator: "\n")
        self.init(texts: texts, text: text, messages: messages, version: version)
    }

    private init(texts: [String], text: String, messages: [ChatMessage]?, version: String?) {
        self.text = text
        self.messages = messages
        self.version = version
        do {
            let segments = try texts.map(Self.parse)
            var names: [String] = []
            for case .variable(let name) in segments.joined() where !names.contains(name) {
                names.append(name)
            }
            self.parsed = .success(segments)
            self.variableNames = names
        } catch {
            self.parsed = .failure(error)
            self.variableNames = []
        }
    }

    /// The template filled in, as text (a chat template's messages as `role: text` lines).
    /// - Throws: ``PromptTemplateError`` for a missing variable or an unmatched brace.
    public func format(_ variables: [String: String]) throws(PromptTemplateError) -> String {
        guard messages != nil else { return try filled(variables)[0] }
        return try formatMessages(variables).map { "\($0.role.rawValue): \($0.content ?? "")" }
            .joined(separator: "\n")
    }

    /// The template filled in, as messages (a text template as one user message).
    /// - Throws: ``PromptTemplateError`` for a missing variable or an unmatched brace.
    public func formatMessages(_ variables: [String: String]) throws(PromptTemplateError) -> [ChatMessage] {
        var texts = try filled(variables).makeIterator()
        guard let messages else { return [ChatMessage(role: .user, content: texts.next() ?? "")] }
        return messages.map { message in
            var message = message
            message.blocks = message.blocks.map { block in
                guard block.text != nil, let text = texts.next() else { return block }
                return .text(text)
            }
            return message
        }
    }

    /// The template as LlamaIndex dumps it in a predict event (`model_dump(mode="json")` of a
    /// `PromptTemplate` or `ChatPromptTemplate`), with the version, if any, in its `metadata`.
    public var modelDump: JSONValue {
        var metadata: [String: JSONValue] = ["prompt_type": "custom"]
        if let version { metadata["version"] = .string(version) }
        var dump: [String: JSONValue] = [
            "metadata": .object(metadata),
            "template_vars": .array(variableNames.map(JSONValue.string)),
            "kwargs": .object([:]),
            "output_parser": .null,
            "template_var_mappings": .null,
            "function_mappings": .null,
        ]
        if let messages {
            let encoder = JSONValueEncoder()
            dump["message_templates"] = .array(messages.map { (try? encoder.encode($0)) ?? .null })
        } else {
            dump["template"] = .string(text)
        }
        return .object(dump)
    }

    private func filled(_ variables: [String: String]) throws(PromptTemplateError) -> [String] {
        let segments = try parsed.get()
        let missing = variableNames.filter { variables[$0] == nil }
        guard missing.isEmpty else { throw PromptTemplateError(kind: .missingVariables(missing)) }
        return segments.map { parts in
            parts.map { part in
                switch part {
                case .literal(let text): text
                case .variable(let name): variables[name] ?? ""
                }
            }
            .joined()
        }
    }

    private static func parse(_ text: String) throws(PromptTemplateError) -> [Segment] {
        var segments: [Segment] = []
        var literal = ""
        var index = text.startIndex
        func unmatched(_ brace: String.Index) -> PromptTemplateError {
            PromptTemplateError(kind: .unmatchedBrace(offset: text.utf8.distance(from: text.startIndex, to: brace)))
        }
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            switch character {
            case "{" where next < text.endIndex && text[next] == "{",
                "}" where next < text.endIndex && text[next] == "}":
                literal.append(character)
                index = text.index(after: next)
            case "{":
                guard let close = text[next...].firstIndex(of: "}") else { throw unmatched(index) }
                let name = String(text[next..<close])
                guard !name.isEmpty, name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
                else { throw unmatched(index) }
                if !literal.isEmpty { segments.append(.literal(literal)) }
                literal = ""
                segments.append(.variable(name))
                index = text.index(after: close)
            case "}":
                throw unmatched(index)
            default:
                literal.append(character)
                index = next
            }
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return segments
    }
}

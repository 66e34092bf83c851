/// Why a ``PromptTemplate`` could not be filled in.
public struct PromptTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// These variables of the template were given no value.
        case missingVariables([String])
        /// A brace at this UTF-8 offset of a template text has no partner, or encloses something
        /// that is not a variable name (letters, digits, `_`). Write `{{` and `}}` for the braces
        /// themselves.
        case unmatchedBrace(offset: Int)
    }

    /// What went wrong.
    public let kind: Kind

    /// A sentence saying what went wrong.
    public var description: String {
        switch kind {
        case .missingVariables(let names):
            "the prompt template's variables \(names.joined(separator: ", ")) have no value"
        case .unmatchedBrace(let offset):
            "the prompt template has an unmatched brace or a brace around something that is not a variable name "
                + "at byte \(offset); write {{ and }} for the braces themselves"
        }
    }
}

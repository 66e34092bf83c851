import SwiftDiagnostics
public import SwiftSyntax
public import SwiftSyntaxMacros

/// `@Instrumented`: puts `@Spanned` on every method the type or extension declares, except those
/// marked `@NotSpanned` or already `@Spanned` (which keep one span), and those that cannot be
/// wrapped (no body, result builders). The Swift form of the reference's span mixin.
public enum InstrumentedMacro: MemberAttributeMacro {
    /// `@Spanned` (with the attribute's dispatcher) for each method that can be wrapped and is not
    /// already marked; nothing for other members, and a diagnostic once on a protocol.
    public static func expansion(
        of node: AttributeSyntax,
        attachedTo declaration: some DeclGroupSyntax,
        providingAttributesFor member: some DeclSyntaxProtocol,
        in context: some MacroExpansionContext
    ) throws -> [AttributeSyntax] {
        if declaration.is(ProtocolDeclSyntax.self) {
            if member.trimmedDescription == declaration.memberBlock.members.first?.decl.trimmedDescription {
                SpannedMacro.diagnose(.protocolDeclaration, at: node, in: context)
            }
            return []
        }
        guard let function = member.as(FunctionDeclSyntax.self), function.body != nil,
            !function.attributes.contains(attributeNamed: "Spanned"),
            !function.attributes.contains(attributeNamed: "NotSpanned"),
            !function.attributes.containsResultBuilder
        else { return [] }

        if case .argumentList(let arguments) = node.arguments,
            let dispatcher = arguments.first(where: { $0.label?.text == "dispatcher" })
        {
            return ["@LLMInstrumentationMacros::Spanned(dispatcher: \(dispatcher.expression.trimmed))"]
        }
        return ["@LLMInstrumentationMacros::Spanned"]
    }
}

public import SwiftSyntax
public import SwiftSyntaxMacros

/// `@NotSpanned`: a marker that keeps `@Instrumented` from spanning a method. It adds nothing.
public enum NotSpannedMacro: PeerMacro {
    /// No peers: the attribute only marks the method.
    public static func expansion(
        of node: AttributeSyntax,
        providingPeersOf declaration: some DeclSyntaxProtocol,
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        []
    }
}

import SwiftCompilerPlugin
import SwiftSyntaxMacros

/// The compiler plugin that provides `@Spanned`, `@Instrumented` and `@NotSpanned`.
@main
struct LLMInstrumentationMacrosPlugin: CompilerPlugin {
    let providingMacros: [any Macro.Type] = [
        SpannedMacro.self,
        InstrumentedMacro.self,
        NotSpannedMacro.self,
    ]
}

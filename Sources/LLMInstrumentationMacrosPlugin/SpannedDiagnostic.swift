import SwiftDiagnostics

/// The errors `@Spanned` and `@Instrumented` report, each saying what to do instead.
enum SpannedDiagnostic: String, DiagnosticMessage {
    case closure
    case initializer
    case deinitializer
    case accessor
    case notAFunction
    case noBody
    case resultBuilder
    case protocolDeclaration

    var message: String {
        switch self {
        case .closure:
            return
                "@Spanned applies to functions and methods, not to closures; wrap the closure's work in 'dispatcher.span(...) { }' instead"
        case .initializer:
            return
                "@Spanned cannot wrap an initializer, whose body must initialise every stored property itself; span the work it calls, or use 'dispatcher.span(...) { }' inside it"
        case .deinitializer:
            return "@Spanned cannot wrap a deinitializer; use 'dispatcher.span(...) { }' inside it"
        case .accessor:
            return
                "@Spanned applies to functions and methods, not to computed properties or accessors; make it a method, or use 'dispatcher.span(...) { }' in the accessor"
        case .notAFunction:
            return "@Spanned applies to functions and methods with a body"
        case .noBody:
            return
                "@Spanned needs a function body to wrap; a protocol requirement has none. Put @Spanned on each implementation, or @Instrumented on the conforming type or extension"
        case .resultBuilder:
            return
                "@Spanned cannot wrap a result-builder function: its statements build a value and cannot move into a closure; span the work it calls instead"
        case .protocolDeclaration:
            return
                "@Instrumented has no effect on a protocol, whose requirements have no bodies; put @Instrumented on each conforming type or extension"
        }
    }

    var diagnosticID: MessageID {
        MessageID(domain: "LLMInstrumentationMacros", id: rawValue)
    }

    var severity: DiagnosticSeverity { .error }
}

/// The fix-it that removes the misplaced attribute.
struct RemoveAttributeFixIt: FixItMessage {
    let attributeName: String

    var message: String { "Remove '@\(attributeName)'" }

    var fixItID: MessageID {
        MessageID(domain: "LLMInstrumentationMacros", id: "remove-\(attributeName)")
    }
}

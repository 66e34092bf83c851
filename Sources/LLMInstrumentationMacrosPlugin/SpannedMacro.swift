import SwiftDiagnostics
public import SwiftSyntax
import SwiftSyntaxBuilder
public import SwiftSyntaxMacros

/// `@Spanned`: replaces a function's body with a call of the core's scoped span API that runs the
/// original statements, so ids, parents, arguments, results, `SpanDropEvent` and rethrowing are
/// exactly the core's.
public enum SpannedMacro: BodyMacro {
    /// The function's new body: its statements inside the dispatcher's span call; for what cannot be
    /// wrapped, a diagnostic with a fix-it and the original statements.
    public static func expansion(
        of node: AttributeSyntax,
        providingBodyFor declaration: some DeclSyntaxProtocol & WithOptionalCodeBlockSyntax,
        in context: some MacroExpansionContext
    ) throws -> [CodeBlockItemSyntax] {
        guard let function = declaration.as(FunctionDeclSyntax.self) else {
            let problem: SpannedDiagnostic
            if declaration.is(InitializerDeclSyntax.self) {
                problem = .initializer
            } else if declaration.is(DeinitializerDeclSyntax.self) {
                problem = .deinitializer
            } else if declaration.is(AccessorDeclSyntax.self) {
                problem = .accessor
            } else {
                problem = .notAFunction
            }
            diagnose(problem, at: node, in: context)
            return Array(declaration.body?.statements ?? [])
        }
        guard let body = function.body else {
            diagnose(.noBody, at: node, in: context)
            return []
        }
        if function.attributes.containsResultBuilder {
            diagnose(.resultBuilder, at: node, in: context)
            return Array(body.statements)
        }
        let call = SpanCall(
            function: function,
            attribute: node,
            lexicalContext: context.lexicalContext,
            declarationKey: context.makeUniqueName("dispatcher").text
        )
        let location = body.statements.first.flatMap {
            context.location(of: $0, at: .afterLeadingTrivia, filePathMode: .filePath)
        }
        return call.bodyItems(statements: body.statements, location: location)
    }

    /// A diagnostic: closures cannot be spanned; the closure keeps its statements.
    public static func expansion(
        of node: AttributeSyntax,
        providingBodyFor closure: ClosureExprSyntax,
        in context: some MacroExpansionContext
    ) throws -> [CodeBlockItemSyntax] {
        diagnose(.closure, at: node, in: context)
        return Array(closure.statements)
    }

    static func diagnose(
        _ problem: SpannedDiagnostic,
        at attribute: AttributeSyntax,
        in context: some MacroExpansionContext
    ) {
        context.diagnose(
            Diagnostic(
                node: attribute,
                message: problem,
                fixIt: FixIt(
                    message: RemoveAttributeFixIt(attributeName: attribute.simpleName),
                    changes: [.replace(oldNode: Syntax(attribute), newNode: Syntax(TokenSyntax.identifier("")))]
                )
            )
        )
    }
}

/// What one `@Spanned` function's new body calls: the span API on the chosen dispatcher, with the
/// span's name, the instance (or type), the bound arguments and a closure holding the original
/// statements.
struct SpanCall {
    let function: FunctionDeclSyntax
    let explicitName: ExprSyntax?
    let dispatcher: ExprSyntax?
    /// A name unique to this declaration, under which its dispatcher expression is evaluated once.
    let declarationKey: String
    let placement: Placement

    enum Placement {
        /// A free or local function: no instance.
        case function
        /// An instance method: the instance's runtime type names the span.
        case instanceMethod
        /// A static or class method: `self` is the type, which names the span.
        case typeMethod
    }

    init(function: FunctionDeclSyntax, attribute: AttributeSyntax, lexicalContext: [Syntax], declarationKey: String) {
        self.function = function
        self.declarationKey = declarationKey
        var explicitName: ExprSyntax?
        var dispatcher: ExprSyntax?
        if case .argumentList(let arguments) = attribute.arguments {
            for argument in arguments {
                switch argument.label?.text {
                case nil: explicitName = argument.expression
                case "dispatcher": dispatcher = argument.expression
                default: break
                }
            }
        }
        if let name = explicitName, name.is(NilLiteralExprSyntax.self) {
            explicitName = nil
        }
        self.explicitName = explicitName
        self.dispatcher = dispatcher
        self.placement = Self.placement(of: function, in: lexicalContext)
    }

    private static func placement(of function: FunctionDeclSyntax, in lexicalContext: [Syntax]) -> Placement {
        guard let enclosing = lexicalContext.first else { return .function }
        let isMember =
            enclosing.is(ClassDeclSyntax.self) || enclosing.is(StructDeclSyntax.self)
            || enclosing.is(EnumDeclSyntax.self) || enclosing.is(ActorDeclSyntax.self)
            || enclosing.is(ExtensionDeclSyntax.self) || enclosing.is(ProtocolDeclSyntax.self)
        guard isMember else { return .function }
        let isStatic = function.modifiers.contains { modifier in
            modifier.name.tokenKind == .keyword(.static) || modifier.name.tokenKind == .keyword(.class)
        }
        return isStatic ? .typeMethod : .instanceMethod
    }

    var effects: FunctionEffectSpecifiersSyntax? { function.signature.effectSpecifiers }
    var isAsync: Bool { effects?.asyncSpecifier != nil }
    var throwsClause: ThrowsClauseSyntax? { effects?.throwsClause }

    /// The closure's effects as written in its signature: `async`, `throws`, `throws(E)`
    /// (`rethrows` becomes `throws`).
    var closureEffects: String {
        var parts: [String] = []
        if isAsync { parts.append("async") }
        if let throwsClause {
            if let type = throwsClause.type {
                parts.append("throws(\(type.trimmedDescription))")
            } else {
                parts.append("throws")
            }
        }
        return parts.map { " " + $0 }.joined()
    }

    /// `-> T` for the closure, or nothing when the result is opaque (`some P`) and must be inferred.
    var closureResult: String {
        guard let returnType = function.signature.returnClause?.type else { return " -> Swift::Void" }
        if returnType.containsOpaqueType { return "" }
        return " -> \(returnType.trimmedDescription)"
    }

    var spanName: String {
        if let explicitName { return explicitName.trimmedDescription }
        let name = function.name.text.filter { $0 != "`" }
        return "\"\(name)\""
    }

    /// The dispatcher the span goes to. A named one is evaluated at the declaration's first call
    /// only, and as an argument of type `Dispatcher`, so that `.named("MyApp.rag")` has a base to
    /// infer.
    var dispatcherExpression: String {
        if let dispatcher {
            return
                "LLMInstrumentation::Dispatcher._evaluatedOnce(\"\(declarationKey)\", \(dispatcher.trimmedDescription))"
        }
        return "LLMInstrumentation::Dispatcher.forModule()"
    }

    /// `.capture("label", value)` for every parameter that can be captured by value.
    var capturedArguments: [String] {
        function.signature.parameterClause.parameters.compactMap { parameter -> String? in
            if parameter.attributes.contains(attributeNamed: "SpanIgnored") { return nil }
            let name = (parameter.secondName ?? parameter.firstName).text
            guard name != "_" else { return nil }
            if Self.isUncapturable(parameter.type) { return nil }
            let label = name.filter { $0 != "`" }
            return ".capture(\"\(label)\", \(name))"
        }
    }

    /// Non-escaping closures, and `borrowing` / `consuming` parameters, cannot be copied into the
    /// bound arguments.
    private static func isUncapturable(_ type: TypeSyntax) -> Bool {
        guard let attributed = type.as(AttributedTypeSyntax.self) else {
            return type.is(FunctionTypeSyntax.self)
        }
        let isOwnership = attributed.specifiers.contains { specifier in
            guard case .simpleTypeSpecifier(let simple) = specifier else { return false }
            return [.keyword(.borrowing), .keyword(.consuming), .keyword(.__shared), .keyword(.__owned)]
                .contains(simple.specifier.tokenKind)
        }
        if isOwnership { return true }
        let escapes = attributed.attributes.contains(attributeNamed: "escaping")
        return !escapes && attributed.baseType.is(FunctionTypeSyntax.self)
    }

    func bodyItems(statements: CodeBlockItemListSyntax, location: AbstractSourceLocation?) -> [CodeBlockItemSyntax] {
        var arguments = [spanName]
        switch placement {
        case .function: break
        case .instanceMethod: arguments.append("instance: Swift::type(of: self)")
        case .typeMethod: arguments.append("instance: self")
        }
        let captured = capturedArguments
        if !captured.isEmpty {
            let list = captured.map { "        \($0)," }.joined(separator: "\n")
            arguments.append("arguments: LLMInstrumentation::BoundArguments([\n\(list)\n    ])")
        }
        let prefix = (throwsClause != nil ? "try " : "") + (isAsync ? "await " : "")
        var text = "return \(prefix)\(dispatcherExpression).span(\n    "
        text += arguments.joined(separator: ",\n    ")
        text += "\n) { ()\(closureEffects)\(closureResult) in\n"
        if let location {
            text +=
                "#sourceLocation(file: \(location.file.trimmedDescription), line: \(location.line.trimmedDescription))\n"
        }
        // The statements keep their own line breaks and comments, so that every line after the
        // `#sourceLocation` directive maps to its original line.
        text += statements.trimmedDescription + "\n"
        if location != nil {
            text += "#sourceLocation()\n"
        }
        text += "}"
        return [CodeBlockItemSyntax(item: .expr(ExprSyntax("\(raw: text)")))]
    }
}

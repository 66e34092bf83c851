import SwiftSyntax

extension AttributeListSyntax {
    /// Whether an attribute named `name` (possibly module-qualified) is in the list.
    func contains(attributeNamed name: String) -> Bool {
        contains { element in
            guard case .attribute(let attribute) = element else { return false }
            return attribute.simpleName == name
        }
    }

    /// Whether an attribute looks like a result builder (`@ViewBuilder`, `@ResultBuilder`, ...).
    var containsResultBuilder: Bool {
        contains { element in
            guard case .attribute(let attribute) = element else { return false }
            return attribute.simpleName.hasSuffix("Builder")
        }
    }
}

extension AttributeSyntax {
    /// The attribute's name without a module qualifier: `Spanned` for
    /// `@LLMInstrumentationMacros.Spanned` and `@LLMInstrumentationMacros::Spanned`.
    var simpleName: String {
        let name = attributeName.trimmedDescription
        return name.split(whereSeparator: { $0 == "." || $0 == ":" }).last.map(String.init) ?? name
    }
}

extension TypeSyntax {
    /// Whether the type has an opaque (`some`) part, which a closure signature cannot spell.
    var containsOpaqueType: Bool {
        if let someOrAny = self.as(SomeOrAnyTypeSyntax.self), someOrAny.someOrAnySpecifier.tokenKind == .keyword(.some)
        {
            return true
        }
        return children(viewMode: .sourceAccurate).contains { child in
            child.as(TypeSyntax.self)?.containsOpaqueType ?? child.containsOpaqueTypeDeep
        }
    }
}

extension SyntaxProtocol {
    fileprivate var containsOpaqueTypeDeep: Bool {
        for child in children(viewMode: .sourceAccurate) {
            if let type = child.as(TypeSyntax.self) {
                if type.containsOpaqueType { return true }
            } else if child.containsOpaqueTypeDeep {
                return true
            }
        }
        return false
    }
}

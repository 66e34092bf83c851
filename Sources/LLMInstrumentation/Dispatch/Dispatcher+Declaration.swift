extension Dispatcher {
    /// The dispatcher `expression` gives, evaluated once for the declaration that `key` names:
    /// what `@Spanned(dispatcher:)` and `@Instrumented(dispatcher:)` expand to, so that a
    /// dispatcher named in the attribute (`.named("MyApp.rag")`, `ragDispatcher`) is looked up at
    /// the first call and never again.
    ///
    /// Not meant to be called by hand: the macro writes a `key` unique to each declaration. Like
    /// a global's initialiser, the expression keeps the value of its first evaluation, so it
    /// should not depend on the call (it cannot name an instance property).
    ///
    /// - Parameters:
    ///   - key: a string literal unique to the declaration.
    ///   - expression: the attribute's dispatcher expression.
    public static func _evaluatedOnce(_ key: StaticString, _ expression: @autoclosure () -> Dispatcher) -> Dispatcher {
        DeclarationDispatcherCache.dispatcher(forKey: key, evaluating: expression)
    }
}

/// The dispatchers that `@Spanned(dispatcher:)` expressions evaluated to, one per declaration.
///
/// A declaration's key is a string literal unique to it, written by the macro. The first call of
/// the declaration evaluates its expression, under a lock of that declaration's own (so that
/// racing first calls evaluate it once, and an expression that calls another spanned function
/// does not wait for itself); every later call finds the dispatcher by the literal's address in a
/// lock-free cache, or, when that cache's slot is taken by another declaration, by its text under
/// one lock.
enum DeclarationDispatcherCache {
    /// One declaration's dispatcher, evaluated once.
    private final class Declaration: Sendable {
        let dispatcher = LockedValue<Dispatcher?>(nil)
    }

    private static let byAddress = WriteOnceCache<Dispatcher>(slotCount: 256)
    private static let byKey = LockedValue<[String: Declaration]>([:])

    static func dispatcher(forKey key: StaticString, evaluating expression: () -> Dispatcher) -> Dispatcher {
        guard key.hasPointerRepresentation else { return evaluated(forKey: key.description, expression) }
        return byAddress.value(forKey: UInt(bitPattern: key.utf8Start)) {
            evaluated(forKey: key.description, expression)
        }
    }

    private static func evaluated(forKey key: String, _ expression: () -> Dispatcher) -> Dispatcher {
        let declaration = byKey.withLock { declarations in
            if let existing = declarations[key] { return existing }
            let made = Declaration()
            declarations[key] = made
            return made
        }
        return declaration.dispatcher.withLock { dispatcher in
            if let dispatcher { return dispatcher }
            let evaluated = expression()
            dispatcher = evaluated
            return evaluated
        }
    }
}

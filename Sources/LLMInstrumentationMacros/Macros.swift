@_exported public import LLMInstrumentation

/// Makes every call of the function a span: the Swift form of the reference's
/// `@dispatcher.span` decorator.
///
/// The body runs inside `Dispatcher.span(_:instance:arguments:_:)`,
/// so the span's id is `"<runtime type>.<method>-<unique>"` for instance methods (a subclass
/// instance gives the subclass's name), `"<Type>.<method>-<unique>"` for static methods and
/// `"<function>-<unique>"` for free functions; every parameter is recorded as a bound argument
/// (except those marked `@SpanIgnored`), a `Sendable` one as its value and any other as its text;
/// the result is recorded; an error emits `SpanDropEvent`, drops the span and is rethrown.
///
/// ```swift
/// @Spanned
/// func retrieve(query: String, @SpanIgnored apiKey: String) async throws -> [Document] { ... }
///
/// @Spanned("synthesize")
/// func answer(_ question: String) async throws -> String { ... }
/// ```
///
/// Spans go to the dispatcher of the calling module (`Dispatcher.forModule()`, the counterpart of
/// `get_dispatcher(__name__)`); `@Spanned(dispatcher:)` names another.
///
/// - Parameter name: the span's name instead of the function's.
@attached(body)
public macro Spanned(_ name: String? = nil) =
    #externalMacro(module: "LLMInstrumentationMacrosPlugin", type: "SpannedMacro")

/// Makes every call of the function a span on `dispatcher`. See ``Spanned(_:)``.
///
/// ```swift
/// @Spanned(dispatcher: .named("MyApp.rag"))
/// func retrieve(_ query: String) async throws -> [Document] { ... }
/// ```
///
/// - Parameters:
///   - name: the span's name instead of the function's.
///   - dispatcher: the dispatcher the spans go to: evaluated once, at the function's first call,
///     and kept (like a global's initialiser), so a global, a static or `.named(_:)`, not an
///     instance property.
@attached(body)
public macro Spanned(_ name: String? = nil, dispatcher: Dispatcher) =
    #externalMacro(module: "LLMInstrumentationMacrosPlugin", type: "SpannedMacro")

/// Puts ``Spanned(_:)`` on every method the type or extension declares: the Swift form of the
/// reference's `DispatcherSpanMixin`.
///
/// Methods marked ``NotSpanned()`` are left alone, methods already marked `@Spanned` keep their
/// one span, and initialisers, deinitialisers and computed properties are never spanned. A
/// protocol's requirements have no bodies: to span every conformer's implementations, put
/// `@Instrumented` on each conforming type or on the extension that conforms.
///
/// ```swift
/// @Instrumented
/// final class Retriever {
///     func retrieve(_ query: String) async throws -> [Document] { ... }   // spanned
///     @NotSpanned func cacheKey(_ query: String) -> String { ... }        // not spanned
/// }
/// ```
@attached(memberAttribute)
public macro Instrumented() =
    #externalMacro(module: "LLMInstrumentationMacrosPlugin", type: "InstrumentedMacro")

/// ``Instrumented()`` with every span going to `dispatcher`, evaluated once for each method at
/// its first call (see ``Spanned(_:dispatcher:)``).
@attached(memberAttribute)
public macro Instrumented(dispatcher: Dispatcher) =
    #externalMacro(module: "LLMInstrumentationMacrosPlugin", type: "InstrumentedMacro")

/// Keeps ``Instrumented()`` from spanning this method.
@attached(peer)
public macro NotSpanned() =
    #externalMacro(module: "LLMInstrumentationMacrosPlugin", type: "NotSpannedMacro")

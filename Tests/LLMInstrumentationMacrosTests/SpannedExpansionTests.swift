import LLMInstrumentationMacrosPlugin
import SwiftSyntaxMacroExpansion
import SwiftSyntaxMacros
import SwiftSyntaxMacrosTestSupport
import XCTest

/// `assertMacroExpansion` tests: what `@Spanned` and `@Instrumented` expand to for every form they
/// support, and the diagnostics for the forms they do not.
final class SpannedExpansionTests: XCTestCase {
    private let macros: [String: any Macro.Type] = [
        "Spanned": SpannedMacro.self,
        "Instrumented": InstrumentedMacro.self,
        "NotSpanned": NotSpannedMacro.self,
    ]

    private func expand(
        _ source: String,
        _ expanded: String,
        diagnostics: [DiagnosticSpec] = [],
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        assertMacroExpansion(
            source,
            expandedSource: expanded,
            diagnostics: diagnostics,
            macros: macros,
            file: file,
            line: line
        )
    }

    // MARK: Free functions and effects

    func testSyncFreeFunction() {
        expand(
            """
            @Spanned
            func add(_ a: Int, to b: Int) -> Int {
                a + b
            }
            """,
            """
            func add(_ a: Int, to b: Int) -> Int {
                return LLMInstrumentation::Dispatcher.forModule().span(
                    "add",
                    arguments: LLMInstrumentation::BoundArguments([
                        .capture("a", a),
                        .capture("b", b),
                    ])
                ) { () -> Int in
                #sourceLocation(file: "test.swift", line: 3)
                a + b
                #sourceLocation()
                }
            }
            """
        )
    }

    func testThrowingFunctionWithoutResultOrArguments() {
        expand(
            """
            @Spanned
            func reset() throws {
                try store.clear()
            }
            """,
            """
            func reset() throws {
                return try LLMInstrumentation::Dispatcher.forModule().span(
                    "reset"
                ) { () throws -> Swift::Void in
                #sourceLocation(file: "test.swift", line: 3)
                try store.clear()
                #sourceLocation()
                }
            }
            """
        )
    }

    func testTypedThrows() {
        expand(
            """
            @Spanned
            func spend(_ amount: Int) throws(QuotaExceeded) -> Int {
                try ledger.debit(amount)
            }
            """,
            """
            func spend(_ amount: Int) throws(QuotaExceeded) -> Int {
                return try LLMInstrumentation::Dispatcher.forModule().span(
                    "spend",
                    arguments: LLMInstrumentation::BoundArguments([
                        .capture("amount", amount),
                    ])
                ) { () throws(QuotaExceeded) -> Int in
                #sourceLocation(file: "test.swift", line: 3)
                try ledger.debit(amount)
                #sourceLocation()
                }
            }
            """
        )
    }

    func testAsyncAndAsyncThrows() {
        expand(
            """
            @Spanned
            func title(id: Int) async -> String {
                await cache.title(id)
            }
            @Spanned
            func fetch(url: URL) async throws -> Data {
                try await client.get(url)
            }
            """,
            """
            func title(id: Int) async -> String {
                return await LLMInstrumentation::Dispatcher.forModule().span(
                    "title",
                    arguments: LLMInstrumentation::BoundArguments([
                        .capture("id", id),
                    ])
                ) { () async -> String in
                #sourceLocation(file: "test.swift", line: 3)
                await cache.title(id)
                #sourceLocation()
                }
            }
            func fetch(url: URL) async throws -> Data {
                return try await LLMInstrumentation::Dispatcher.forModule().span(
                    "fetch",
                    arguments: LLMInstrumentation::BoundArguments([
                        .capture("url", url),
                    ])
                ) { () async throws -> Data in
                #sourceLocation(file: "test.swift", line: 7)
                try await client.get(url)
                #sourceLocation()
                }
            }
            """
        )
    }

    func testRethrowsBecomesThrowsInTheClosure() {
        expand(
            """
            @Spanned
            func retrying<T>(_ attempts: Int, _ body: () throws -> T) rethrows -> T {
                try body()
            }
            """,
            """
            func retrying<T>(_ attempts: Int, _ body: () throws -> T) rethrows -> T {
                return try LLMInstrumentation::Dispatcher.forModule().span(
                    "retrying",
                    arguments: LLMInstrumentation::BoundArguments([
                        .capture("attempts", attempts),
                    ])
                ) { () throws -> T in
                #sourceLocation(file: "test.swift", line: 3)
                try body()
                #sourceLocation()
                }
            }
            """
        )
    }

    func testGenericInoutAndOpaqueResult() {
        expand(
            """
            @Spanned
            func largest<Element: Comparable>(of values: [Element]) -> Element? {
                values.max()
            }
            @Spanned
            func double(_ value: inout Int) {
                value *= 2
            }
            @Spanned
            func makeShape(side: Double) -> some Shape {
                Square(side: side)
            }
            """,
            """
            func largest<Element: Comparable>(of values: [Element]) -> Element? {
                return LLMInstrumentation::Dispatcher.forModule().span(
                    "largest",
                    arguments: LLMInstrumentation::BoundArguments([
                        .capture("values", values),
                    ])
                ) { () -> Element? in
                #sourceLocation(file: "test.swift", line: 3)
                values.max()
                #sourceLocation()
                }
            }
            func double(_ value: inout Int) {
                return LLMInstrumentation::Dispatcher.forModule().span(
                    "double",
                    arguments: LLMInstrumentation::BoundArguments([
                        .capture("value", value),
                    ])
                ) { () -> Swift::Void in
                #sourceLocation(file: "test.swift", line: 7)
                value *= 2
                #sourceLocation()
                }
            }
            func makeShape(side: Double) -> some Shape {
                return LLMInstrumentation::Dispatcher.forModule().span(
                    "makeShape",
                    arguments: LLMInstrumentation::BoundArguments([
                        .capture("side", side),
                    ])
                ) { () in
                #sourceLocation(file: "test.swift", line: 11)
                Square(side: side)
                #sourceLocation()
                }
            }
            """
        )
    }

    func testDeferAndSeveralReturnsKeepTheirLines() {
        expand(
            """
            @Spanned
            func classify(_ value: Int) -> String {
                defer { log("done") }
                // negative numbers first
                if value < 0 { return "negative" }

                return value == 0 ? "zero" : "positive"
            }
            """,
            """
            func classify(_ value: Int) -> String {
                return LLMInstrumentation::Dispatcher.forModule().span(
                    "classify",
                    arguments: LLMInstrumentation::BoundArguments([
                        .capture("value", value),
                    ])
                ) { () -> String in
                #sourceLocation(file: "test.swift", line: 3)
                defer { log("done") }
                    // negative numbers first
                    if value < 0 { return "negative" }

                    return value == 0 ? "zero" : "positive"
                #sourceLocation()
                }
            }
            """
        )
    }

    func testIgnoredNonEscapingAndBorrowingParametersAreLeftOut() {
        expand(
            """
            @Spanned
            func login(user: String, @SpanIgnored password: String, _ check: (String) -> Bool, onDone: @escaping () -> Void, token: borrowing Token, _ _: Int) -> Bool {
                check(password)
            }
            """,
            """
            func login(user: String, @SpanIgnored password: String, _ check: (String) -> Bool, onDone: @escaping () -> Void, token: borrowing Token, _ _: Int) -> Bool {
                return LLMInstrumentation::Dispatcher.forModule().span(
                    "login",
                    arguments: LLMInstrumentation::BoundArguments([
                        .capture("user", user),
                        .capture("onDone", onDone),
                    ])
                ) { () -> Bool in
                #sourceLocation(file: "test.swift", line: 3)
                check(password)
                #sourceLocation()
                }
            }
            """
        )
    }

    func testExplicitNameAndDispatcher() {
        expand(
            """
            @Spanned("synthesize", dispatcher: .named("rag"))
            func answer(_ question: String) async throws -> String {
                try await llm.complete(question)
            }
            """,
            """
            func answer(_ question: String) async throws -> String {
                return try await LLMInstrumentation::Dispatcher._evaluatedOnce("__macro_local_10dispatcherfMu_", .named("rag")).span(
                    "synthesize",
                    arguments: LLMInstrumentation::BoundArguments([
                        .capture("question", question),
                    ])
                ) { () async throws -> String in
                #sourceLocation(file: "test.swift", line: 3)
                try await llm.complete(question)
                #sourceLocation()
                }
            }
            """
        )
    }

    // MARK: Methods

    func testInstanceMethodUsesTheRuntimeType() {
        expand(
            """
            final class Retriever {
                @Spanned
                func retrieve(query: String) -> [String] {
                    index.search(query)
                }
            }
            """,
            """
            final class Retriever {
                func retrieve(query: String) -> [String] {
                    return LLMInstrumentation::Dispatcher.forModule().span(
                        "retrieve",
                        instance: Swift::type(of: self),
                        arguments: LLMInstrumentation::BoundArguments([
                            .capture("query", query),
                        ])
                    ) { () -> [String] in
                    #sourceLocation(file: "test.swift", line: 4)
                    index.search(query)
                    #sourceLocation()
                    }
                }
            }
            """
        )
    }

    func testStaticAndClassMethodsUseTheType() {
        expand(
            """
            class Tokenizer {
                @Spanned
                static func vocabulary(language: String) -> Int {
                    50_000
                }
                @Spanned
                class func version() -> Int {
                    2
                }
            }
            """,
            """
            class Tokenizer {
                static func vocabulary(language: String) -> Int {
                    return LLMInstrumentation::Dispatcher.forModule().span(
                        "vocabulary",
                        instance: self,
                        arguments: LLMInstrumentation::BoundArguments([
                            .capture("language", language),
                        ])
                    ) { () -> Int in
                    #sourceLocation(file: "test.swift", line: 4)
                    50_000
                    #sourceLocation()
                    }
                }
                class func version() -> Int {
                    return LLMInstrumentation::Dispatcher.forModule().span(
                        "version",
                        instance: self
                    ) { () -> Int in
                    #sourceLocation(file: "test.swift", line: 8)
                    2
                    #sourceLocation()
                    }
                }
            }
            """
        )
    }

    func testMutatingStructMethodAndActorMethod() {
        expand(
            """
            struct Counter {
                @Spanned
                mutating func add(_ value: Int) -> Int {
                    total += value
                    return total
                }
            }
            actor Agent {
                @Spanned
                func step(_ input: String) async throws -> String {
                    try await tool.call(input)
                }
            }
            """,
            """
            struct Counter {
                mutating func add(_ value: Int) -> Int {
                    return LLMInstrumentation::Dispatcher.forModule().span(
                        "add",
                        instance: Swift::type(of: self),
                        arguments: LLMInstrumentation::BoundArguments([
                            .capture("value", value),
                        ])
                    ) { () -> Int in
                    #sourceLocation(file: "test.swift", line: 4)
                    total += value
                            return total
                    #sourceLocation()
                    }
                }
            }
            actor Agent {
                func step(_ input: String) async throws -> String {
                    return try await LLMInstrumentation::Dispatcher.forModule().span(
                        "step",
                        instance: Swift::type(of: self),
                        arguments: LLMInstrumentation::BoundArguments([
                            .capture("input", input),
                        ])
                    ) { () async throws -> String in
                    #sourceLocation(file: "test.swift", line: 11)
                    try await tool.call(input)
                    #sourceLocation()
                    }
                }
            }
            """
        )
    }

    func testLocalFunctionIsAFunction() {
        expand(
            """
            func outer() {
                @Spanned
                func inner() -> Int {
                    1
                }
            }
            """,
            """
            func outer() {
                func inner() -> Int {
                    return LLMInstrumentation::Dispatcher.forModule().span(
                        "inner"
                    ) { () -> Int in
                    #sourceLocation(file: "test.swift", line: 4)
                    1
                    #sourceLocation()
                    }
                }
            }
            """
        )
    }

    // MARK: @Instrumented

    // The test harness cannot locate the bodies of methods whose `@Spanned` was added by
    // `@Instrumented`, so their expansions have no `#sourceLocation`; the compiler can, and the
    // runtime tests compile such methods for real.

    func testInstrumentedMarksEveryMethodButSkipsTheRest() {
        expand(
            """
            @Instrumented
            final class Pipeline {
                let name: String
                init(name: String) { self.name = name }
                var label: String { name }
                func run() -> Int { 1 }
                @Spanned("answering") func answer() -> Int { 2 }
                @NotSpanned func key() -> String { name }
                static func make() -> Pipeline { Pipeline(name: "p") }
                struct Nested {}
                deinit {}
            }
            """,
            """
            final class Pipeline {
                let name: String
                init(name: String) { self.name = name }
                var label: String { name }
                func run() -> Int {
                    return LLMInstrumentation::Dispatcher.forModule().span(
                        "run",
                        instance: Swift::type(of: self)
                    ) { () -> Int in
                    1
                    }
                }
                func answer() -> Int {
                    return LLMInstrumentation::Dispatcher.forModule().span(
                        "answering",
                        instance: Swift::type(of: self)
                    ) { () -> Int in
                    #sourceLocation(file: "test.swift", line: 7)
                    2
                    #sourceLocation()
                    }
                }
                func key() -> String { name }
                static func make() -> Pipeline {
                    return LLMInstrumentation::Dispatcher.forModule().span(
                        "make",
                        instance: self
                    ) { () -> Pipeline in
                    Pipeline(name: "p")
                    }
                }
                struct Nested {}
                deinit {}
            }
            """
        )
    }

    func testInstrumentedPassesItsDispatcherOnAndWorksOnExtensions() {
        expand(
            """
            @Instrumented(dispatcher: ragDispatcher)
            extension Summarizer: Summarizing {
                func summarize(_ text: String) -> String { text }
            }
            """,
            """
            extension Summarizer: Summarizing {
                func summarize(_ text: String) -> String {
                    return LLMInstrumentation::Dispatcher._evaluatedOnce("__macro_local_10dispatcherfMu_", ragDispatcher).span(
                        "summarize",
                        instance: Swift::type(of: self),
                        arguments: LLMInstrumentation::BoundArguments([
                            .capture("text", text),
                        ])
                    ) { () -> String in
                    text
                    }
                }
            }
            """
        )
    }

    // MARK: Diagnostics

    func testProtocolRequirementWithoutBody() {
        expand(
            """
            protocol Retrieving {
                @Spanned
                func retrieve(_ query: String) -> [String]
            }
            """,
            """
            protocol Retrieving {
                func retrieve(_ query: String) -> [String]
            }
            """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "@Spanned needs a function body to wrap; a protocol requirement has none. Put @Spanned on each implementation, or @Instrumented on the conforming type or extension",
                    line: 2,
                    column: 5,
                    fixIts: [FixItSpec(message: "Remove '@Spanned'")]
                )
            ]
        )
    }

    func testInitializer() {
        expand(
            """
            struct Index {
                @Spanned
                init(path: String) {
                    self.path = path
                }
            }
            """,
            """
            struct Index {
                init(path: String) {
                    self.path = path
                }
            }
            """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "@Spanned cannot wrap an initializer, whose body must initialise every stored property itself; span the work it calls, or use 'dispatcher.span(...) { }' inside it",
                    line: 2,
                    column: 5,
                    fixIts: [FixItSpec(message: "Remove '@Spanned'")]
                )
            ]
        )
    }

    func testAccessorOfAComputedProperty() {
        expand(
            """
            struct Index {
                var size: Int {
                    @Spanned
                    get { storage.count }
                }
            }
            """,
            """
            struct Index {
                var size: Int {
                    get {
                        storage.count
                    }
                }
            }
            """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "@Spanned applies to functions and methods, not to computed properties or accessors; make it a method, or use 'dispatcher.span(...) { }' in the accessor",
                    line: 3,
                    column: 9,
                    fixIts: [FixItSpec(message: "Remove '@Spanned'")]
                )
            ]
        )
    }

    func testResultBuilderFunction() {
        expand(
            """
            @Spanned
            @PromptBuilder
            func prompt() -> Prompt {
                "You are helpful."
                "Answer briefly."
            }
            """,
            """
            @PromptBuilder
            func prompt() -> Prompt {
                "You are helpful."
                "Answer briefly."
            }
            """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "@Spanned cannot wrap a result-builder function: its statements build a value and cannot move into a closure; span the work it calls instead",
                    line: 1,
                    column: 1,
                    fixIts: [FixItSpec(message: "Remove '@Spanned'")]
                )
            ]
        )
    }

    func testClosure() {
        expand(
            """
            let work = { @Spanned () -> Int in
                42
            }
            """,
            """
            let work = { () -> Int in
                42
            }
            """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "@Spanned applies to functions and methods, not to closures; wrap the closure's work in 'dispatcher.span(...) { }' instead",
                    line: 1,
                    column: 14,
                    fixIts: [FixItSpec(message: "Remove '@Spanned'")]
                )
            ]
        )
    }

    func testInstrumentedOnAProtocol() {
        expand(
            """
            @Instrumented
            protocol Retrieving {
                func retrieve(_ query: String) -> [String]
                func count() -> Int
            }
            """,
            """
            protocol Retrieving {
                func retrieve(_ query: String) -> [String]
                func count() -> Int
            }
            """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "@Instrumented has no effect on a protocol, whose requirements have no bodies; put @Instrumented on each conforming type or extension",
                    line: 1,
                    column: 1,
                    fixIts: [FixItSpec(message: "Remove '@Instrumented'")]
                )
            ]
        )
    }
}

import LLMInstrumentation
import LLMInstrumentationMacros
import Testing

// Types as LLM code writes them: members named like the standard library's functions and types,
// which an unqualified name in an expansion would resolve to instead.

/// A chat message whose kind is its `type`, as in most model APIs' JSON, with a method named
/// `type(of:)` too, and nested types named `Void` and `Dispatcher`.
@Instrumented(dispatcher: probeDispatcher)
struct ChatMessage {
    enum Void {}
    struct Dispatcher {}
    enum Spanned {}

    var type: String
    var text: String

    func type(of part: Int) -> String { "\(type)#\(part)" }

    func render() -> String { "\(type): \(text)" }

    func log() {}
}

/// A content block with a stored `type`, spanned method by method.
final class ContentBlock {
    let type = "tool_use"

    @Spanned(dispatcher: probeDispatcher)
    func summary(limit: Int) -> String { String(type.prefix(limit)) }
}

@Suite("Macro expansions qualify every name they use")
struct HygienicExpansionTests {
    @Test("a type with members named type, type(of:), Void, Dispatcher and Spanned is instrumented")
    func membersNamedLikeTheStandardLibrary() async throws {
        let message = ChatMessage(type: "assistant", text: "hello")
        let report = await probe { () -> (String, String) in
            message.log()
            return (message.render(), message.type(of: 2))
        }
        #expect(report.result == ("assistant: hello", "assistant#2"))
        #expect(report.span("ChatMessage.render")?.result == "assistant: hello", "the runtime type names the span")
        #expect(report.span("ChatMessage.type")?.argumentNames == ["part"])
        #expect(report.span("ChatMessage.log") != nil, "a method returning nothing, beside a nested Void")
    }

    @Test("a class with a stored type property names its spans after its runtime type")
    func storedTypeProperty() async throws {
        let report = await probe { ContentBlock().summary(limit: 4) }
        #expect(report.result == "tool")
        #expect(report.span("ContentBlock.summary")?.result == "tool")
    }
}

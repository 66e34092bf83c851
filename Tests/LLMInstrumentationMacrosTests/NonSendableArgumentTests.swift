import LLMInstrumentation
import LLMInstrumentationMacros
import Testing

/// A conversation as an app keeps it: a non-final class with mutable state, not `Sendable`.
class Conversation: CustomStringConvertible {
    var turns: [String]
    init(turns: [String]) { self.turns = turns }
    var description: String { "Conversation(\(turns.count) turns)" }
}

@Spanned(dispatcher: probeDispatcher)
func reply(to conversation: Conversation, temperature: Double) -> String {
    conversation.turns.last ?? ""
}

@Spanned(dispatcher: probeDispatcher)
func total(of numbers: some Sequence<Int>, label: String) -> Int {
    numbers.reduce(0, +)
}

final class CallbackBox {
    var stored: [() -> Int] = []

    @Spanned(dispatcher: probeDispatcher)
    func keep(_ callback: @escaping () -> Int, sendableCallback: @escaping @Sendable () -> Int) -> Int {
        stored.append(callback)
        return callback() + sendableCallback()
    }
}

@Suite("@Spanned records parameters that are not Sendable as text")
struct NonSendableArgumentTests {
    @Test("a non-final class instance is recorded as its description; a Sendable Double keeps its value")
    func classInstance() async throws {
        let report = await probe { reply(to: Conversation(turns: ["hi", "hello"]), temperature: 0.5) }
        #expect(report.result == "hello")
        let span = try #require(report.span("reply"))
        #expect(span.argumentNames == ["conversation", "temperature"])
        #expect(span.argumentValues == ["Conversation(2 turns)", "0.5"])
        #expect(span.argumentTypes == ["String", "Double"])
    }

    @Test("an opaque sequence is recorded as text")
    func opaqueSequence() async throws {
        let report = await probe { total(of: (1...4).lazy.map { $0 * 2 }, label: "evens") }
        #expect(report.result == 20)
        let span = try #require(report.span("total"))
        #expect(span.argumentTypes == ["String", "String"])
        #expect(span.argumentValues.last == "evens")
        #expect(span.argumentValues.first?.contains("LazyMapSequence") == true)
    }

    @Test("an escaping closure is recorded as text, a Sendable one as itself")
    func escapingClosure() async throws {
        let box = CallbackBox()
        let report = await probe { box.keep({ 40 }, sendableCallback: { 2 }) }
        #expect(report.result == 42)
        let span = try #require(report.span("CallbackBox.keep"))
        #expect(span.argumentNames == ["callback", "sendableCallback"])
        #expect(span.argumentTypes == ["String", "@Sendable () -> Int"])
        #expect(box.stored.count == 1)
    }
}

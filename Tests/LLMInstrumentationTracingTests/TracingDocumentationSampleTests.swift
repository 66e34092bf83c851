import InMemoryTracing
import LLMInstrumentation
import LLMInstrumentationTracing
import Testing
import Tracing

// The code of Sources/LLMInstrumentationTracing/LLMInstrumentationTracing.docc, compiled and run
// (`DocumentationSnippetTests` checks that the catalog's blocks stand here line for line). The
// sample uses the shared registry under the name "MyTracedApp", which no other test uses.

@Suite("The tracing documentation's sample")
struct TracingDocumentationSampleTests {
    @Test("the bridge turns each span into a tracer span, and a context crosses as headers")
    func tracingBridge() throws {
        let tracer = InMemoryTracer()

        let bridge = TracingBridge(tracer: tracer)
        bridge.install(on: Dispatcher.named("MyTracedApp"))

        let dispatcher = Dispatcher.named("MyTracedApp.rag")
        let headers = dispatcher.span("query") { () -> [String: String] in
            var headers: [String: String] = [:]
            dispatcher.injectPropagationContext(into: &headers, using: DictionaryInjector())
            return headers
        }

        let context = dispatcher.extractPropagationContext(from: headers, using: DictionaryExtractor())
        dispatcher.restorePropagationContext(context) {
            dispatcher.span("answer") {}
        }

        let spans = tracer.finishedSpans
        #expect(spans.map(\.operationName) == ["query", "answer"])
        #expect(headers[Dispatcher.propagationContextHeader] != nil)
        #expect(spans[1].spanContext.traceID == spans[0].spanContext.traceID)
        #expect(spans[1].spanContext.parentSpanID == spans[0].spanContext.spanID)
    }
}

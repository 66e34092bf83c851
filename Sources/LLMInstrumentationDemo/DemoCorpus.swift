import Foundation
public import LLMInstrumentation

/// The dispatcher the demo's components report to. `Dispatcher.named("llm-trace.demo")`
/// propagates to the root, where the demo attaches its handlers.
public let demoDispatcher = Dispatcher.named("llm-trace.demo")

/// The documents the demo retrieves from.
public let demoDocuments: [(id: String, text: String)] = [
    (
        "swift-concurrency",
        "Swift concurrency uses async/await, tasks and actors to make data races compile-time errors."
    ),
    ("task-locals", "Task-local values are inherited by child tasks but not by detached tasks or threads."),
    ("llamaindex", "LlamaIndex instrumentation has events, event handlers, spans, span handlers and dispatchers."),
    ("tracing", "Distributed tracing links spans across processes with a propagated trace context."),
]

/// Something an agent can call: the counterpart of LlamaIndex's tools.
public protocol Tool: Sendable {
    /// The tool's name, description and parameter schema, shown to the model.
    var metadata: ToolMetadata { get }

    /// Calls the tool with the arguments the model wrote (JSON text) and returns its output.
    func call(arguments: String) async throws -> String
}

extension Tool {
    /// This tool, with every call a span that emits `AgentToolCallEvent`.
    public func instrumented(dispatcher: Dispatcher) -> InstrumentedTool<Self> {
        InstrumentedTool(self, dispatcher: dispatcher)
    }
}

/// A ``Tool`` whose calls are spans with LlamaIndex's tool-call event.
public struct InstrumentedTool<Base: Tool>: Tool {
    /// The tool called.
    public let base: Base
    /// Where spans and events go.
    public let dispatcher: Dispatcher

    /// Wraps `base`.
    public init(_ base: Base, dispatcher: Dispatcher) {
        self.base = base
        self.dispatcher = dispatcher
    }

    /// The base tool's metadata.
    public var metadata: ToolMetadata { base.metadata }

    /// Calls the tool inside a span named `"<Tool>.call"`.
    public func call(arguments: String) async throws -> String {
        let dispatcher = self.dispatcher
        let base = self.base
        return try await dispatcher.span("call", instance: base, arguments: ["arguments": arguments]) {
            () async throws -> String in
            dispatcher.event(AgentToolCallEvent(arguments: arguments, tool: base.metadata))
            return try await base.call(arguments: arguments)
        }
    }
}

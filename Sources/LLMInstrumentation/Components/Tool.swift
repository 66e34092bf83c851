/// Something an agent can call: the counterpart of LlamaIndex's tools.
public protocol Tool: InstrumentableComponent {
    /// The tool's name, description and parameter schema, shown to the model.
    var metadata: ToolMetadata { get }

    /// Calls the tool with the arguments the model wrote (JSON text) and returns its output.
    func call(arguments: String) async throws -> String
}

/// An instrumented ``Tool``: its calls are spans with LlamaIndex's tool-call event.
extension InstrumentedComponent: Tool where Base: Tool {
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

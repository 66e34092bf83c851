import CLLMInstrumentationSupport

/// How many handler calls are under way on the current thread, nested in one another: a handler
/// that emits events or opens spans from inside its own hooks makes the dispatcher call handlers
/// again, and without a limit a handler that reacts to its own events recurses until the stack
/// overflows. Past ``limit`` nested calls, new events and span entries are refused (and counted
/// by the dispatcher); exits still go through, so that no span is left open.
///
/// Kept in a C thread-local variable, not a task-local value: handlers run synchronously on the
/// caller's thread, and a thread-local variable costs an instruction or two to read or write.
enum HandlerCallDepth {
    /// The most handler calls nested in one another on one thread.
    static let limit = 8

    /// The current depth.
    @inline(__always)
    static var current: Int {
        llm_instrumentation_handler_call_depth_get()
    }

    @inline(__always)
    private static func set(_ depth: Int) {
        llm_instrumentation_handler_call_depth_set(depth)
    }

    /// Runs `body` as a nested handler call, or returns `nil` without running it when ``limit``
    /// calls are already nested.
    @inline(__always)
    static func ifAllowed<Result>(_ body: () -> Result) -> Result? {
        let depth = current
        guard depth < limit else { return nil }
        set(depth + 1)
        defer { set(depth) }
        return body()
    }

    /// Runs `body` as a nested handler call whatever the depth (for exits and drops, which must
    /// reach the handlers that opened the span).
    @inline(__always)
    static func always<Result>(_ body: () -> Result) -> Result {
        let depth = current
        set(depth + 1)
        defer { set(depth) }
        return body()
    }
}

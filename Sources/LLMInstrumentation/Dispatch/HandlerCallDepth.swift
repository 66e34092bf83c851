#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How many handler calls are under way on the current thread, nested in one another: a handler
/// that emits events or opens spans from inside its own hooks makes the dispatcher call handlers
/// again, and without a limit a handler that reacts to its own events recurses until the stack
/// overflows. Past ``limit`` nested calls, new events and span entries are refused (and counted
/// by the dispatcher); exits still go through, so that no span is left open.
///
/// Kept in a thread-specific value (`pthread_getspecific`), not a task-local one: handlers run
/// synchronously on the caller's thread, and setting a task-local value allocates.
enum HandlerCallDepth {
    /// The most handler calls nested in one another on one thread.
    static let limit = 8

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key, nil)
        precondition(status == 0, "pthread_key_create failed: \(status)")
        return key
    }()

    /// The current depth.
    static var current: Int {
        Int(bitPattern: pthread_getspecific(key))
    }

    private static func set(_ depth: Int) {
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: depth))
    }

    /// Runs `body` as a nested handler call, or returns `nil` without running it when ``limit``
    /// calls are already nested.
    static func ifAllowed<Result>(_ body: () -> Result) -> Result? {
        let depth = current
        guard depth < limit else { return nil }
        set(depth + 1)
        defer { set(depth) }
        return body()
    }

    /// Runs `body` as a nested handler call whatever the depth (for exits and drops, which must
    /// reach the handlers that opened the span).
    static func always<Result>(_ body: () -> Result) -> Result {
        let depth = current
        set(depth + 1)
        defer { set(depth) }
        return body()
    }
}

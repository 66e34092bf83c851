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
/// Kept in a thread-specific counter (found with `pthread_getspecific`, freed when its thread
/// exits), not a task-local value: handlers run synchronously on the caller's thread, and setting
/// a task-local value allocates.
enum HandlerCallDepth {
    /// The most handler calls nested in one another on one thread.
    static let limit = 8

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { counter in
            #if canImport(Darwin)
            counter.assumingMemoryBound(to: Int.self).deallocate()
            #else
            counter?.assumingMemoryBound(to: Int.self).deallocate()
            #endif
        }
        precondition(status == 0, "pthread_key_create failed: \(status)")
        return key
    }()

    /// The current thread's counter, made at its first handler call.
    private static var counter: UnsafeMutablePointer<Int> {
        if let counter = pthread_getspecific(key) {
            return counter.assumingMemoryBound(to: Int.self)
        }
        let counter = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        counter.initialize(to: 0)
        pthread_setspecific(key, counter)
        return counter
    }

    /// The current depth.
    static var current: Int {
        pthread_getspecific(key)?.assumingMemoryBound(to: Int.self).pointee ?? 0
    }

    /// Begins a nested handler call, or returns `nil` when ``limit`` calls are already nested;
    /// pair it with ``end(_:)``. (Not a closure-taking form: what a closure captures, it retains.)
    static func begin() -> UnsafeMutablePointer<Int>? {
        let depth = counter
        guard depth.pointee < limit else { return nil }
        depth.pointee += 1
        return depth
    }

    /// Begins a nested handler call whatever the depth (for exits and drops, which must reach
    /// the handlers that opened the span); pair it with ``end(_:)``.
    static func beginAlways() -> UnsafeMutablePointer<Int> {
        let depth = counter
        depth.pointee += 1
        return depth
    }

    /// Ends the handler call `begin()` or `beginAlways()` began.
    static func end(_ depth: UnsafeMutablePointer<Int>) {
        depth.pointee -= 1
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

#if LLM_INSTRUMENTATION_PTHREAD_LOCKS
/// A value guarded by a `pthread_mutex_t` (debug builds).
///
/// Debug builds, which the tests and ThreadSanitizer runs use, guard with a pthread mutex because
/// ThreadSanitizer understands pthread mutexes (it intercepts them) but not the futex-based
/// `Mutex` of the uninstrumented standard library, which makes every guarded access look like a
/// race. Release builds use `Synchronization.Mutex`, whose inlined fast path costs a fifth of
/// `pthread_mutex_lock` + `pthread_mutex_unlock` (three of them guard each recorded span). The
/// value lives in memory of its own, so that access needs no dynamic exclusivity check: the mutex
/// is the exclusivity. The lock is private to its owner and never held while a handler runs.
package final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let value: UnsafeMutablePointer<Value>

    package init(_ value: Value) {
        self.value = UnsafeMutablePointer<Value>.allocate(capacity: 1)
        self.value.initialize(to: value)
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
        value.deinitialize(count: 1)
        value.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inline(__always)
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value.pointee)
    }
}
#else
/// A value guarded by a `Synchronization.Mutex` (release builds).
///
/// Debug builds, which the tests and ThreadSanitizer runs use, guard with a pthread mutex
/// instead, which ThreadSanitizer understands. The lock is private to its owner and never held
/// while a handler runs.
package final class LockedValue<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    package init(_ value: Value) {
        mutex = Mutex(value)
    }

    /// Runs `body` with exclusive access to the value.
    @inline(__always)
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try mutex._unsafeWithLock(body)
    }
}

extension Mutex where Value: Sendable {
    /// `withLock` without `sending` on the value and the result: the guarded values here are
    /// `Sendable` and never escape the lock's owner.
    @inline(__always)
    fileprivate borrowing func _unsafeWithLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try withLock { value in
            try body(&value)
        }
    }
}
#endif

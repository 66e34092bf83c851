import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How many handler calls are under way on the current thread, nested in one another, and
/// whether any is: the two things the dispatcher needs to know about a thread's handler calls.
///
/// - **A limit on nesting.** A handler that emits events or opens spans from inside its own hooks
///   makes the dispatcher call handlers again, and without a limit a handler that reacts to its
///   own events recurses until the stack overflows. Past ``limit`` nested calls, new events and
///   span entries are refused (and counted by the dispatcher); exits still go through, so that no
///   span is left open. Asynchronous deliveries (`asyncEvent`) are counted by a task-local depth,
///   ``asynchronousDepth``, which follows the tasks a thread-local cannot.
/// - **Calls under way, for a shutdown.** Each thread's record has an epoch, odd while a call is
///   under way on the thread. A caller begins its call *before* it reads the handler chain (under
///   the chain's lock) or takes an open span (under the registration's lock), so once a shutdown
///   has swapped the chains and marked its handlers closing, ``waitForCallsUnderWay()`` waits
///   only for the calls that may still have seen them: the threads whose epoch was odd when it
///   looked, until the epoch moves on. Then no hook of those handlers runs any more, and they can
///   be closed.
///
/// A thread's record is found with `pthread_getspecific`; records are made at a thread's first
/// handler call, handed back when the thread exits and reused by the next thread, never freed
/// (so a shutdown may read any record it has seen): as many as threads ever made handler calls
/// at once.
enum HandlerCallDepth {
    /// The most handler calls nested in one another on one thread (or one asynchronous delivery
    /// chain).
    static let limit = 8

    /// How many asynchronous deliveries (`asyncEvent`) the current task is nested in.
    @TaskLocal static var asynchronousDepth = 0

    /// One thread's handler calls.
    struct Record: ~Copyable {
        /// The calls nested now; read and written by the record's thread only.
        var depth = 0
        /// Odd while a call is under way on the thread; written by the record's thread only.
        let epoch = Atomic<UInt64>(0)
    }

    /// Every record made, and those whose thread has exited, free for reuse.
    private struct Records: @unchecked Sendable {
        var all: [UnsafeMutablePointer<Record>] = []
        var free: [UnsafeMutablePointer<Record>] = []
    }

    private static let records = LockedValue(Records())

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { record in
            #if canImport(Darwin)
            let record = record.assumingMemoryBound(to: Record.self)
            #else
            guard let record = record?.assumingMemoryBound(to: Record.self) else { return }
            #endif
            HandlerCallDepth.records.withLock { $0.free.append(record) }
        }
        precondition(status == 0, "pthread_key_create failed: \(status)")
        return key
    }()

    /// The current thread's record, found or assigned at its first handler call.
    private static var record: UnsafeMutablePointer<Record> {
        if let record = pthread_getspecific(key) {
            return record.assumingMemoryBound(to: Record.self)
        }
        let record = records.withLock { records in
            if let reused = records.free.popLast() { return reused }
            let made = UnsafeMutablePointer<Record>.allocate(capacity: 1)
            made.initialize(to: Record())
            records.all.append(made)
            return made
        }
        pthread_setspecific(key, record)
        return record
    }

    /// The current depth.
    static var current: Int {
        pthread_getspecific(key)?.assumingMemoryBound(to: Record.self).pointee.depth ?? 0
    }

    /// Begins a nested handler call, or returns `nil` when ``limit`` calls are already nested;
    /// pair it with ``end(_:)``. Begin before reading the chain the call delivers to. (Not a
    /// closure-taking form: what a closure captures, it retains.)
    static func begin() -> UnsafeMutablePointer<Record>? {
        let record = record
        guard record.pointee.depth < limit else { return nil }
        enter(record)
        return record
    }

    /// Begins a nested handler call whatever the depth (for exits and drops, which must reach
    /// the handlers that opened the span); pair it with ``end(_:)``.
    static func beginAlways() -> UnsafeMutablePointer<Record> {
        let record = record
        enter(record)
        return record
    }

    private static func enter(_ record: UnsafeMutablePointer<Record>) {
        if record.pointee.depth == 0 {
            // Ordered before the chain read by the chain's lock: see the type's discussion.
            let epoch = record.pointee.epoch.load(ordering: .relaxed)
            record.pointee.epoch.store(epoch &+ 1, ordering: .relaxed)
        }
        record.pointee.depth += 1
    }

    /// Ends the handler call `begin()` or `beginAlways()` began.
    static func end(_ record: UnsafeMutablePointer<Record>) {
        record.pointee.depth -= 1
        if record.pointee.depth == 0 {
            // Releasing: what the call did is seen by a shutdown that sees the call ended.
            let epoch = record.pointee.epoch.load(ordering: .relaxed)
            record.pointee.epoch.store(epoch &+ 1, ordering: .releasing)
        }
    }

    /// Waits until every handler call under way on another thread when it is called has ended.
    /// Handler calls are short and shutdowns rare, so it polls (``waitUntil(_:)``).
    /// The current thread's own calls (a handler that calls `shutdown()` from a hook) go on.
    static func waitForCallsUnderWay() {
        let own = pthread_getspecific(key)?.assumingMemoryBound(to: Record.self)
        let underWay = records.withLock { records in
            records.all.compactMap { record -> (record: UnsafeMutablePointer<Record>, epoch: UInt64)? in
                let epoch = record.pointee.epoch.load(ordering: .acquiring)
                return record != own && epoch & 1 == 1 ? (record, epoch) : nil
            }
        }
        for (record, epoch) in underWay {
            waitUntil { record.pointee.epoch.load(ordering: .acquiring) != epoch }
        }
    }

    /// Polls `condition` until it holds: yields the processor 100 times, then naps 50 µs
    /// between polls. For the waits of a shutdown, which are rare and short.
    static func waitUntil(_ condition: () -> Bool) {
        var polls = 0
        while !condition() {
            polls += 1
            if polls < 100 { sched_yield() } else { usleep(50) }
        }
    }
}

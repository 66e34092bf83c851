import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes records to a file, one JSON object per line, on a thread of its own.
///
/// Callers only append to a bounded buffer under a lock no handler can hold; the writer thread
/// takes everything pending, turns it into JSON and writes it. It writes in batches: when
/// ``batchSize`` records are pending, or ``flushInterval`` after the first pending record,
/// whichever comes first, so a burst of records costs one `write` and one wake-up per batch, not
/// per record, and nothing waits longer than the interval to reach the file. When the buffer is full the oldest
/// unwritten record is dropped and counted, so a slow disk never slows the instrumented program.
/// ``flush()`` waits until everything accepted so far is written; ``close()`` flushes, stops the
/// thread and closes the file.
final class JSONLinesWriter: @unchecked Sendable {
    // Guarded by `mutex`.
    private var pending: [ExportRecord?] = []
    private var oldest = 0
    private var accepted = 0
    private var handled = 0
    private var dropped = 0
    private var isClosing = false
    private var isClosed = false
    private var writingAllowed: Bool
    /// Set by ``flush()`` and ``close()``: write what is pending now.
    private var isFlushRequested = false
    /// When the oldest pending record arrived (monotonic nanoseconds), or `nil` with none pending.
    private var firstPendingTime: UInt64?

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let progressMade = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    private let file: UnsafeMutablePointer<FILE>
    let capacity: Int
    let maximumValueLength: Int
    /// How many pending records make the writer write at once.
    let batchSize: Int
    /// The longest a record waits before the writer writes it.
    let flushInterval: Duration

    /// Opens (creating or truncating) `url` for writing.
    /// - Throws: ``JSONLinesExportError/cannotOpen(path:reason:)``.
    init(
        url: URL,
        capacity: Int,
        maximumValueLength: Int,
        flushInterval: Duration = .milliseconds(100),
        startsWriting: Bool = true
    ) throws(JSONLinesExportError) {
        guard let file = fopen(url.path, "w") else {
            throw .cannotOpen(path: url.path, reason: String(cString: strerror(errno)))
        }
        self.file = file
        self.capacity = max(1, capacity)
        self.batchSize = min(1024, max(1, capacity / 2))
        self.flushInterval = flushInterval
        self.maximumValueLength = maximumValueLength
        self.writingAllowed = startsWriting
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(workAvailable, nil)
        pthread_cond_init(progressMade, nil)
        let thread = Thread { [self] in self.run() }
        thread.name = "llm-instrumentation.jsonl"
        thread.start()
    }

    deinit {
        pthread_cond_destroy(progressMade)
        pthread_cond_destroy(workAvailable)
        pthread_mutex_destroy(mutex)
        progressMade.deallocate()
        workAvailable.deallocate()
        mutex.deallocate()
    }

    private func locked<Result>(_ body: () -> Result) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// How many records were dropped because the buffer was full.
    var droppedCount: Int { locked { dropped } }

    /// How many records were accepted (written, pending, or dropped later).
    var acceptedCount: Int { locked { accepted } }

    /// Appends a record; drops the oldest pending one if the buffer is full. Never waits on the disk.
    func append(_ record: consuming ExportRecord) {
        // The lock is taken by hand, not through a closure, so that the compiler sees every access
        // to the buffer in this one function and needs no dynamic exclusivity checks.
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard !isClosed else { return }
        accepted += 1
        if pending.count - oldest >= capacity {
            pending[oldest] = nil
            oldest += 1
            dropped += 1
            handled += 1
        }
        pending.append(consume record)
        // Wake the writer when the first record arrives (it then waits at most the interval)
        // and when a batch is full; in between, appending costs no wake-up.
        let waiting = pending.count - oldest
        if waiting == 1 {
            firstPendingTime = Self.now()
            pthread_cond_signal(workAvailable)
        } else if waiting == batchSize {
            pthread_cond_signal(workAvailable)
        }
    }

    /// Monotonic time in nanoseconds.
    private static func now() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }

    /// Waits on ``workAvailable`` for at most `nanoseconds` (a wake-up or the timeout); the mutex
    /// is held.
    private func waitForWork(nanoseconds: UInt64) {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        let total = UInt64(deadline.tv_nsec) + nanoseconds
        deadline.tv_sec += Int(total / 1_000_000_000)
        deadline.tv_nsec = Int(total % 1_000_000_000)
        _ = pthread_cond_timedwait(workAvailable, mutex, &deadline)
    }

    /// Lets a writer made with `startsWriting: false` start writing (for tests of a full buffer).
    func startWriting() {
        locked {
            writingAllowed = true
            pthread_cond_signal(workAvailable)
        }
    }

    /// Waits until every record accepted before the call is written (or was dropped).
    func flush() {
        pthread_mutex_lock(mutex)
        let target = accepted
        writingAllowed = true
        isFlushRequested = true
        pthread_cond_signal(workAvailable)
        while handled < target && !isClosed {
            pthread_cond_wait(progressMade, mutex)
        }
        pthread_mutex_unlock(mutex)
    }

    /// Writes everything accepted, stops the thread and closes the file. Calling it again does
    /// nothing.
    func close() {
        pthread_mutex_lock(mutex)
        guard !isClosing else {
            while !isClosed { pthread_cond_wait(progressMade, mutex) }
            pthread_mutex_unlock(mutex)
            return
        }
        isClosing = true
        writingAllowed = true
        isFlushRequested = true
        pthread_cond_signal(workAvailable)
        while !isClosed { pthread_cond_wait(progressMade, mutex) }
        pthread_mutex_unlock(mutex)
    }

    private func run() {
        // One buffer for the writer's whole life: batches reuse its memory.
        var bytes = JSONByteBuffer(capacity: 64 * 1024)
        while true {
            pthread_mutex_lock(mutex)
            while !isClosing {
                let waiting = pending.count - oldest
                if waiting == 0 || !writingAllowed {
                    pthread_cond_wait(workAvailable, mutex)
                    continue
                }
                if waiting >= batchSize || isFlushRequested { break }
                // Wait for a full batch, but no longer than the interval after the first record.
                let deadline = (firstPendingTime ?? Self.now()) + UInt64(flushInterval.nanoseconds)
                let current = Self.now()
                if current >= deadline { break }
                waitForWork(nanoseconds: deadline - current)
            }
            let batch = pending[oldest...]
            pending = []
            oldest = 0
            firstPendingTime = nil
            isFlushRequested = false
            let closing = isClosing
            pthread_mutex_unlock(mutex)

            if !batch.isEmpty {
                bytes.removeAll()
                // Records are formatted where they lie in the batch, not copied out of it.
                batch.withUnsafeBufferPointer { records in
                    for index in records.indices {
                        records[index]?.appendJSONLine(to: &bytes, maximumValueLength: maximumValueLength)
                    }
                }
                bytes.withBytes { buffer in
                    _ = fwrite(buffer.baseAddress, 1, buffer.count, file)
                }
                fflush(file)
            }

            pthread_mutex_lock(mutex)
            handled += batch.count
            let finished = closing && pending.count == oldest
            if finished {
                fclose(file)
                isClosed = true
            }
            pthread_cond_broadcast(progressMade)
            pthread_mutex_unlock(mutex)
            if finished { return }
        }
    }
}

/// Why a JSON-lines export could not start.
public enum JSONLinesExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be opened for writing.
    case cannotOpen(path: String, reason: String)

    /// A sentence saying what is wrong.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open \(path) for writing: \(reason)"
        }
    }
}

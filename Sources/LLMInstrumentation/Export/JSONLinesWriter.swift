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
/// takes everything pending, turns it into JSON and writes it. When the buffer is full the oldest
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

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let progressMade = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    private let file: UnsafeMutablePointer<FILE>
    let capacity: Int
    let maximumValueLength: Int

    /// Opens (creating or truncating) `url` for writing.
    /// - Throws: ``JSONLinesExportError/cannotOpen(path:reason:)``.
    init(url: URL, capacity: Int, maximumValueLength: Int, startsWriting: Bool = true) throws(JSONLinesExportError) {
        guard let file = fopen(url.path, "w") else {
            throw .cannotOpen(path: url.path, reason: String(cString: strerror(errno)))
        }
        self.file = file
        self.capacity = max(1, capacity)
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
    func append(_ record: ExportRecord) {
        locked {
            guard !isClosed else { return }
            accepted += 1
            if pending.count - oldest >= capacity {
                pending[oldest] = nil
                oldest += 1
                dropped += 1
                handled += 1
            }
            pending.append(record)
            pthread_cond_signal(workAvailable)
        }
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
        pthread_cond_signal(workAvailable)
        while !isClosed { pthread_cond_wait(progressMade, mutex) }
        pthread_mutex_unlock(mutex)
    }

    private func run() {
        while true {
            pthread_mutex_lock(mutex)
            while (pending.count == oldest || !writingAllowed) && !isClosing {
                pthread_cond_wait(workAvailable, mutex)
            }
            let batch = pending[oldest...]
            pending = []
            oldest = 0
            let closing = isClosing
            pthread_mutex_unlock(mutex)

            if !batch.isEmpty {
                var bytes: [UInt8] = []
                for case let record? in batch {
                    record.appendJSONLine(to: &bytes, maximumValueLength: maximumValueLength)
                }
                bytes.withUnsafeBufferPointer { buffer in
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

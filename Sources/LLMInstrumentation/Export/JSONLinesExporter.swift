public import Foundation

/// Exports events and spans to a file, one JSON object per line: the format `llm-trace` reads.
///
/// ```swift
/// let exporter = try JSONLinesExporter(url: URL(fileURLWithPath: "trace.jsonl"))
/// exporter.install(on: Dispatcher.root)
/// ...
/// Dispatcher.root.shutdown()   // drops open spans, then writes everything and closes the file
/// ```
///
/// Writing happens on a thread of its own, through a buffer of at most `capacity` records: the
/// caller never waits on the disk, and when the buffer is full the oldest unwritten record is
/// dropped and counted in ``droppedRecordCount``. Arguments and results longer than
/// `maximumValueLength` bytes of JSON are cut. Once the exporter and its two handlers are all
/// released (removed from their dispatchers and no longer referenced), it writes what it accepted
/// and closes the file by itself.
///
/// Records are written in batches, at the latest `flushInterval` (100 ms by default) after they
/// were accepted: a program that ends without calling `shutdown()` loses at most what it recorded
/// in its last interval. `tail -f` and `llm-trace tail` see records within the interval.
public final class JSONLinesExporter: Sendable {
    /// The handler to add for events.
    public let eventHandler: JSONLinesEventHandler
    /// The handler to add for spans.
    public let spanHandler: JSONLinesSpanHandler
    private let lease: JSONLinesWriterLease
    private var writer: JSONLinesWriter { lease.writer }

    /// Opens (creating or truncating) the file at `url`.
    /// - Parameters:
    ///   - url: the file to write.
    ///   - capacity: the most records waiting to be written.
    ///   - maximumValueLength: the longest argument or result kept, in bytes of JSON.
    ///   - flushInterval: the longest an accepted record waits before it is written.
    /// - Throws: ``JSONLinesExportError`` when the file cannot be opened.
    public convenience init(
        url: URL,
        capacity: Int = 65_536,
        maximumValueLength: Int = 4_096,
        flushInterval: Duration = .milliseconds(100)
    ) throws(JSONLinesExportError) {
        try self.init(
            url: url,
            capacity: capacity,
            maximumValueLength: maximumValueLength,
            flushInterval: flushInterval,
            startsWriting: true
        )
    }

    init(
        url: URL,
        capacity: Int,
        maximumValueLength: Int,
        flushInterval: Duration = .milliseconds(100),
        startsWriting: Bool
    ) throws(JSONLinesExportError) {
        let writer = try JSONLinesWriter(
            url: url,
            capacity: capacity,
            maximumValueLength: maximumValueLength,
            flushInterval: flushInterval,
            startsWriting: startsWriting
        )
        lease = JSONLinesWriterLease(writer)
        eventHandler = JSONLinesEventHandler(lease: lease)
        spanHandler = JSONLinesSpanHandler(lease: lease)
    }

    /// Adds both handlers to `dispatcher`.
    public func install(on dispatcher: Dispatcher) {
        dispatcher.addEventHandler(eventHandler)
        dispatcher.addSpanHandler(spanHandler)
    }

    /// How many records were dropped because the buffer was full.
    public var droppedRecordCount: Int { writer.droppedCount }

    /// Waits until everything accepted so far is in the file.
    public func flush() { writer.flush() }

    /// Writes everything accepted and closes the file. Calling it again does nothing.
    public func close() { writer.close() }

    /// Lets an exporter made with `startsWriting: false` begin writing (tests of a full buffer).
    func startWriting() { writer.startWriting() }
}

/// The event half of ``JSONLinesExporter``: writes each event as one line, in the reference's
/// dump shape with `"record": "event"`.
public struct JSONLinesEventHandler: EventHandler {
    let lease: JSONLinesWriterLease
    var writer: JSONLinesWriter { lease.writer }

    /// Queues the event for writing; never waits on the disk.
    public func handle(_ event: some Event) {
        writer.append(.event(event))
    }
}

/// Keeps a ``JSONLinesWriter`` open while an exporter or one of its handlers is alive, and
/// closes it (writing everything accepted) when the last of them is released: a removed exporter
/// does not keep its file and its thread for the life of the process. The writer's own thread
/// holds the writer, so the writer cannot close itself in a `deinit`.
final class JSONLinesWriterLease: Sendable {
    let writer: JSONLinesWriter

    init(_ writer: JSONLinesWriter) {
        self.writer = writer
    }

    deinit {
        writer.close()
    }
}

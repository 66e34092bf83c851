/// The cancellation with which a span around a stream is dropped when the stream is released
/// before it finished: nobody consumed it to the end, so the span does not stay open forever. (A
/// stream whose consuming task is cancelled is dropped with `CancellationError`.)
public struct StreamAbandonedError: Error, CustomStringConvertible, Sendable {
    /// The number of elements consumed before the stream was abandoned.
    public var chunkCount: Int

    /// Creates the error.
    public init(chunkCount: Int) {
        self.chunkCount = chunkCount
    }

    /// A sentence saying what happened.
    public var description: String {
        "cancelled: stream abandoned after \(chunkCount) chunk\(chunkCount == 1 ? "" : "s") without being consumed to the end"
    }
}

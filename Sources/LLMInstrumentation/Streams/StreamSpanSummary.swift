/// What a span around a stream records when the stream finishes: how many chunks it produced and
/// how long the first one took (time to first token, for a streamed LLM answer).
public struct StreamSpanSummary: Sendable, Hashable {
    /// How many elements the stream produced.
    public var chunkCount: Int
    /// The time from the span's start to the first element, or `nil` if there was none.
    public var timeToFirstChunk: Duration?

    /// Creates a summary.
    public init(chunkCount: Int, timeToFirstChunk: Duration?) {
        self.chunkCount = chunkCount
        self.timeToFirstChunk = timeToFirstChunk
    }

    /// The summary as span facts: `chunk_count` and `time_to_first_chunk` (seconds).
    public var facts: [String: JSONValue] {
        var metadata: [String: JSONValue] = ["chunk_count": .int(chunkCount)]
        if let timeToFirstChunk {
            let seconds =
                Double(timeToFirstChunk.components.seconds)
                + Double(timeToFirstChunk.components.attoseconds) / 1e18
            metadata["time_to_first_chunk"] = .double(seconds)
        }
        return metadata
    }
}

/// A stream of model responses that emits LlamaIndex's events as it is consumed: a start event
/// before the first piece, an in-progress event for each piece, and an end event with the last
/// piece when the stream ends. The instrumented chat and completion models wrap their streams in
/// it (and the result in a ``SpannedStream``, so that the events belong to the stream's span).
public struct LLMEventStream<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element: Sendable {
    /// Each piece of the response.
    public typealias Element = Base.Element

    let base: Base
    let onStart: @Sendable () -> Void
    let onPiece: @Sendable (Base.Element) -> Void
    let onEnd: @Sendable (Base.Element?) -> Void

    /// Iterates the base stream, emitting the events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let stream: LLMEventStream
        var started = false
        var last: Base.Element?

        /// The next piece.
        public mutating func next() async throws -> Base.Element? {
            if !started {
                started = true
                stream.onStart()
            }
            guard let piece = try await base.next() else {
                stream.onEnd(last)
                return nil
            }
            last = piece
            stream.onPiece(piece)
            return piece
        }
    }

    /// Makes an iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), stream: self)
    }
}

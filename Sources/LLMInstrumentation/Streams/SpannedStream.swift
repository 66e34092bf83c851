/// An asynchronous sequence whose whole consumption is one span: made by
/// ``Dispatcher/span(streaming:_:instance:arguments:collectingElements:onElement:)``.
///
/// The span is entered when the stream is made (its parent is the span active there) and stays
/// open while the stream is consumed. It exits when the stream finishes, with the stream's output
/// as its result (the last element, which is the whole answer for cumulative streams such as chat
/// responses, or every element when collecting) and a ``StreamSpanSummary`` (chunk count, time to
/// first chunk) as its facts; it is dropped when the stream throws,
/// when the consuming task is cancelled, or when the stream is released before it finished. Work
/// the base sequence does while producing elements runs with the stream's span active, so its
/// events and spans are children of it.
public struct SpannedStream<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element: Sendable {
    /// The elements of the base sequence.
    public typealias Element = Base.Element

    let base: Base
    let state: StreamSpanState?
    let onElement: @Sendable (Base.Element, StreamChunk) -> Void

    /// The id of the stream's span, or `nil` when nobody listens.
    public var spanID: String? { state?.id }

    /// Iterates the base sequence inside the stream's span.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let state: StreamSpanState?
        let onElement: @Sendable (Base.Element, StreamChunk) -> Void

        /// The next element; ends the span when the base sequence ends or throws.
        public mutating func next() async throws -> Base.Element? {
            guard let state else { return try await base.next() }
            var iterator = base
            defer { base = iterator }
            do {
                let element = try await state.context.run { () async throws -> Base.Element? in
                    try await iterator.next()
                }
                guard let element else {
                    if Task.isCancelled {
                        state.fail(CancellationError())
                    } else {
                        state.finish()
                    }
                    return nil
                }
                let index = state.recordChunk(element)
                onElement(element, StreamChunk(spanID: state.id, index: index))
                return element
            } catch {
                state.fail(error)
                throw error
            }
        }
    }

    /// Makes an iterator; the span ends with the first iterator that finishes.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), state: state, onElement: onElement)
    }
}

/// Where one element of a spanned stream stands: the stream's span and the element's index.
public struct StreamChunk: Sendable, Hashable {
    /// The id of the stream's span, for events about the element.
    public var spanID: String
    /// The element's index, from 0.
    public var index: Int
}

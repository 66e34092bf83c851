/// A stream made only when it is first iterated, so that it is made inside whatever is active
/// then: the span of a ``SpannedStream`` that wraps it, for one.
struct DeferredStream<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable {
    typealias Element = Base.Element

    let make: @Sendable () throws -> Base

    struct AsyncIterator: AsyncIteratorProtocol {
        let make: @Sendable () throws -> Base
        var base: Base.AsyncIterator?

        mutating func next() async throws -> Base.Element? {
            if base == nil { base = try make().makeAsyncIterator() }
            return try await base?.next()
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(make: make, base: nil)
    }
}

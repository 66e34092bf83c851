extension Dispatcher {
    /// Wraps `base` so that consuming it is one span, which ends when the stream does: the Swift
    /// answer to the reference's weak point, where a span around a function returning a stream
    /// ended as soon as the stream was returned.
    ///
    /// ```swift
    /// func streamChat(_ messages: [ChatMessage]) -> SpannedStream<AsyncThrowingStream<String, any Error>> {
    ///     dispatcher.span(streaming: client.stream(messages), "streamChat", instance: self) { delta, chunk in
    ///         dispatcher.event(StreamChatDeltaReceivedEvent(delta: delta, metadata: EventMetadata(spanID: chunk.spanID)))
    ///     }
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - base: the stream to follow.
    ///   - name: the span's method or function name.
    ///   - instance: the instance whose method makes the stream, if any.
    ///   - arguments: the call's arguments, evaluated only when a span handler listens.
    ///   - collectingElements: whether the span's result is every element (for streams of
    ///     deltas) instead of the last one (for cumulative streams, such as chat responses).
    ///   - onElement: called with each element and its place, to emit in-progress events.
    public func span<Base: AsyncSequence & Sendable>(
        streaming base: Base,
        _ name: String = #function,
        instance: Any? = nil,
        arguments: @autoclosure () -> BoundArguments = [:],
        collectingElements: Bool = false,
        onElement: @escaping @Sendable (Base.Element, StreamChunk) -> Void = { _, _ in }
    ) -> SpannedStream<Base> where Base.Element: Sendable {
        guard tracksSpans else { return SpannedStream(base: base, state: nil, onElement: onElement) }
        let outer = ActiveSpanContext.current
        let typeName = instance.map(Self.typeName(of:))
        let id = Self.makeSpanID(name, typeName: typeName)
        enterByID(id) { chain in
            SpanEntry(
                spanID: SpanID(text: id),
                name: SpanName.name(ofID: id),
                boundArguments: chain.boundArguments(arguments),
                storedTypeName: typeName ?? "",
                parentSpanID: outer.activeSpanID,
                tags: chain.tags(outer.tags),
                clock: clock
            )
        }
        let state = StreamSpanState(
            dispatcher: self,
            id: id,
            context: ActiveSpanContext(spanID: id, tags: outer.tags),
            entryContext: outer,
            collectsElements: collectingElements
        )
        return SpannedStream(base: base, state: state, onElement: onElement)
    }
}

import Foundation
public import LLMInstrumentation
public import Logging

/// Logs every span as one swift-log record when it ends: its name as the message, with its id,
/// parent, duration and status as metadata; a dropped span logs at `.error` with the error.
///
/// ```swift
/// Dispatcher.root.addSpanHandler(LoggingSpanHandler(logger: Logger(label: "my-app.llm")))
/// ```
public final class LoggingSpanHandler: SpanHandler {
    /// A span as this handler tracks it while open.
    public struct LoggedSpan: Span {
        /// The span's id.
        public var id: String
        /// The enclosing span's id.
        public var parentID: String?
        /// The tags active at entry.
        public var tags: [String: JSONValue]
        /// When the span was entered.
        public var start: ContinuousClock.Instant
    }

    /// Open spans only; finished ones are logged, not kept.
    public let spanStore = SpanStore<LoggedSpan>(capacity: 0)
    /// Where records go.
    public let logger: Logger
    /// The level of spans that end normally.
    public let level: Logger.Level

    /// Creates the handler; spans that end normally log at `level` (`.debug` by default).
    public init(logger: Logger, level: Logger.Level = .debug) {
        self.logger = logger
        self.level = level
    }

    /// Span arguments are not logged, so they are not built for this handler.
    public var receivesBoundArguments: Bool { false }

    /// Starts timing the span.
    public func newSpan(_ entry: SpanEntry) -> LoggedSpan? {
        LoggedSpan(id: entry.id, parentID: entry.parentID, tags: entry.tags, start: .now)
    }

    /// Logs the span's end.
    public func prepareToExitSpan(_ span: consuming LoggedSpan, exit: SpanExit) -> LoggedSpan? {
        log(span, level: level, error: nil, facts: exit.facts)
        return nil
    }

    /// Logs the span's failure at `.error`.
    public func prepareToDropSpan(_ span: consuming LoggedSpan, drop: SpanDrop) -> LoggedSpan? {
        log(span, level: .error, error: drop.error, facts: [:])
        return nil
    }

    private func log(_ span: LoggedSpan, level: Logger.Level, error: (any Error)?, facts: [String: JSONValue]) {
        guard logger.logLevel <= level else { return }
        let elapsed = ContinuousClock.now - span.start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var metadata: Logger.Metadata = [
            "span_id": .string(span.id),
            "duration_ms": .string(String(format: "%.3f", seconds * 1000)),
            "status": .string(error == nil ? "ok" : "dropped"),
        ]
        if let parentID = span.parentID { metadata["parent_id"] = .string(parentID) }
        if let error { metadata["error"] = .string(String(describing: error)) }
        for (key, value) in span.tags { metadata["tag.\(key)"] = LogValue.metadata(value) }
        for (key, value) in facts { metadata[key] = LogValue.metadata(value) }
        logger.log(level: level, "\(span.name)", metadata: metadata)
    }
}

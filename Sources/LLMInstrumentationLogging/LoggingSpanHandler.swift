import Foundation
public import LLMInstrumentation
public import Logging

/// Logs every span as one swift-log record when it ends: its name as the message, with its id,
/// parent, duration and status as metadata; a dropped span logs at `.error` with the error.
///
/// ```swift
/// Dispatcher.root.addSpanHandler(LoggingSpanHandler(logger: Logger(label: "my-app.llm")))
/// ```
public final class LoggingSpanHandler: SpanHandler, SelectiveSpanHandler {
    /// A span as this handler tracks it while open.
    public struct LoggedSpan: InstrumentationSpan {
        /// The span's id.
        public var id: String
        /// The enclosing span's id.
        public var parentID: String?
        /// The tags active at entry.
        public var tags: [String: JSONValue]
        /// The span's name, the record's message.
        public var name: String
    }

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
    package var readsBoundArguments: Bool { false }

    /// Results are not logged either.
    package var readsResults: Bool { false }

    /// Notes the span's name.
    public func newSpan(_ entry: SpanEntry) -> LoggedSpan? {
        LoggedSpan(id: entry.id, parentID: entry.parentID, tags: entry.tags, name: entry.name)
    }

    /// Logs the span's end.
    public func prepareToExitSpan(_ span: LoggedSpan, exit: SpanExit) {
        log(span, timing: exit.timing, level: level, error: nil, facts: exit.facts)
    }

    /// Logs the span's failure at `.error`.
    public func prepareToDropSpan(_ span: LoggedSpan, drop: SpanDrop) {
        log(span, timing: drop.timing, level: .error, error: drop.error, facts: [:])
    }

    private func log(
        _ span: LoggedSpan,
        timing: SpanTiming,
        level: Logger.Level,
        error: (any Error)?,
        facts: [String: JSONValue]
    ) {
        guard logger.logLevel <= level else { return }
        let seconds = timing.seconds
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

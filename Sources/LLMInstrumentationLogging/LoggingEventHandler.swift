public import LLMInstrumentation
public import Logging

/// Logs every event as one swift-log record: the event's kind as the message, its span, tags and
/// fields as metadata.
///
/// ```swift
/// Dispatcher.root.addEventHandler(LoggingEventHandler(logger: Logger(label: "my-app.llm")))
/// ```
///
/// Levels are set per event kind; `SpanDropEvent`, `ExceptionEvent` and `StreamChatErrorEvent`
/// log at `.error` unless told otherwise, everything else at `defaultLevel`.
public struct LoggingEventHandler: EventHandler {
    /// Where records go.
    public var logger: Logger
    /// The level of events whose kind has none in ``levels``.
    public var defaultLevel: Logger.Level
    /// Levels by event kind (`class_name`).
    public var levels: [String: Logger.Level]

    /// The kinds logged at `.error` by default.
    public static let errorKinds: [String: Logger.Level] = [
        "SpanDropEvent": .error, "ExceptionEvent": .error, "StreamChatErrorEvent": .error,
    ]

    /// Creates the handler.
    /// - Parameters:
    ///   - logger: where records go.
    ///   - defaultLevel: the level of kinds without one in `levels`; `.debug` by default, so that
    ///     a production log shows only errors unless asked.
    ///   - levels: levels by event kind, merged over ``errorKinds``.
    public init(logger: Logger, defaultLevel: Logger.Level = .debug, levels: [String: Logger.Level] = [:]) {
        self.logger = logger
        self.defaultLevel = defaultLevel
        self.levels = Self.errorKinds.merging(levels) { _, given in given }
    }

    /// Logs the event.
    public func handle(_ event: some Event) throws {
        let level = levels[event.className] ?? defaultLevel
        guard logger.logLevel <= level else { return }
        var metadata: Logger.Metadata = ["event_id": .string(event.id)]
        if let spanID = event.spanID { metadata["span_id"] = .string(spanID) }
        for (key, value) in event.tags { metadata["tag.\(key)"] = LogValue.metadata(value) }
        if case .object(let fields) = try event.jsonValue() {
            for (key, value) in fields where !["id_", "span_id", "tags", "timestamp", "class_name"].contains(key) {
                metadata[key] = LogValue.metadata(value)
            }
        }
        logger.log(level: level, "\(event.className)", metadata: metadata)
    }
}

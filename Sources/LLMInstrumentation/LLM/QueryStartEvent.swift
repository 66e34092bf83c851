/// A query engine was asked a query: the reference's `QueryStartEvent` (see ``QueryQuestionEvent``).
public typealias QueryStartEvent = QueryQuestionEvent<QueryStartEventKind>

/// The kind of ``QueryStartEvent``.
public enum QueryStartEventKind: EventKind {
    /// `QueryStartEvent`.
    public static let className = "QueryStartEvent"
}

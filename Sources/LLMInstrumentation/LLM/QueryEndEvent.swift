/// A query engine answered: the reference's `QueryEndEvent` (see ``QueryAnswerEvent``).
public typealias QueryEndEvent = QueryAnswerEvent<QueryEndEventKind>

/// The kind of ``QueryEndEvent``.
public enum QueryEndEventKind: EventKind {
    /// `QueryEndEvent`.
    public static let className = "QueryEndEvent"
}

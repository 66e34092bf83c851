/// One node of a ``SpanTree``: a span, or a placeholder for a parent that was never recorded, and
/// where it sits in its tree.
///
/// A node holds no other nodes, only their indices in the tree's ``SpanTree/nodes``, so that a
/// tree of any depth is compared, hashed and destroyed without recursion.
public struct SpanTreeNode: Sendable, Hashable {
    /// The span's id, or `"<parent id>-MISSING"` for a placeholder.
    public var id: String
    /// The recorded span, or `nil` for a placeholder that stands for a parent that was never
    /// recorded (evicted, or entered in another process).
    public var span: SimpleSpan?
    /// How many ancestors the node has: `0` for the root. Set by the tree.
    public internal(set) var depth = 0
    /// The index of the parent's node in the tree's ``SpanTree/nodes``, or `nil` for the root.
    public var parentIndex: Int?
    /// The indices of the children's nodes in the tree's ``SpanTree/nodes``, by start time. Set
    /// by the tree.
    public internal(set) var childIndices: [Int] = []

    /// Creates a node for ``SpanTree/init(preorder:)``, which sets its depth and children.
    public init(id: String, span: SimpleSpan?, parentIndex: Int? = nil) {
        self.id = id
        self.span = span
        self.parentIndex = parentIndex
    }

    /// Whether this node stands for a parent that was never recorded.
    public var isPlaceholder: Bool { span == nil }

    /// The node's label: `"<span id> (<duration in seconds>)"`, or the placeholder's id.
    public var label: String {
        guard let span else { return id }
        return "\(id) (\(span.duration))"
    }
}

/// One node of a trace tree from ``SimpleSpanHandler/traceTrees()``: a span and the spans
/// entered inside it, ordered by start time.
public struct SpanTreeNode: Sendable, Hashable {
    /// The span's id, or `"<parent id>-MISSING"` for a placeholder.
    public var id: String
    /// The recorded span, or `nil` for a placeholder that stands for a parent that was never
    /// recorded (evicted, or entered in another process).
    public var span: SimpleSpan?
    /// The spans whose parent this is, ordered by start time.
    public var children: [SpanTreeNode]

    /// Creates a node.
    public init(id: String, span: SimpleSpan?, children: [SpanTreeNode] = []) {
        self.id = id
        self.span = span
        self.children = children
    }

    /// Whether this node stands for a parent that was never recorded.
    public var isPlaceholder: Bool { span == nil }

    /// The node's label: `"<span id> (<duration in seconds>)"`, or the placeholder's id.
    public var label: String {
        guard let span else { return id }
        return "\(id) (\(span.duration))"
    }

    /// The number of nodes in this tree, this one included.
    public var nodeCount: Int {
        children.reduce(1) { $0 + $1.nodeCount }
    }

    /// The tree drawn with box-drawing glyphs, one node per line, children below their parent.
    public var renderedTree: String {
        var lines = [label]
        appendChildren(of: self, prefix: "", into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private func appendChildren(of node: SpanTreeNode, prefix: String, into lines: inout [String]) {
        for (index, child) in node.children.enumerated() {
            let isLast = index == node.children.count - 1
            lines.append(prefix + (isLast ? "└── " : "├── ") + child.label)
            appendChildren(of: child, prefix: prefix + (isLast ? "    " : "│   "), into: &lines)
        }
    }
}

/// One trace tree from ``SimpleSpanHandler/traceTrees()``: a root span (or a placeholder for a
/// parent that was never recorded) and the spans entered inside it, as a flat list of nodes.
///
/// The nodes are in pre-order: the root first, then each child's subtree in turn, children by
/// start time. Being flat, a tree of any shape (a chain of 10,000 agent steps, each the child of
/// the last, as much as a span with 10,000 children) is built, compared, hashed, drawn and
/// destroyed in time and memory linear in its nodes, without recursion.
///
/// ```swift
/// for tree in spans.traceTrees() {
///     for child in tree.children(of: tree.root) {
///         print(child.label, child.childIndices.count)
///     }
/// }
/// ```
public struct SpanTree: Sendable, Hashable {
    /// The nodes in pre-order; each node's ``SpanTreeNode/parentIndex`` and
    /// ``SpanTreeNode/childIndices`` index into them.
    public let nodes: [SpanTreeNode]

    /// Creates a tree from its nodes in pre-order and each one's ``SpanTreeNode/parentIndex``;
    /// their depths and children's indices are filled in.
    /// - Precondition: `nodes` is not empty, the first node is the only root, and each other
    ///   node's parent is the node before it or one of that node's ancestors (pre-order).
    public init(preorder nodes: [SpanTreeNode]) {
        precondition(!nodes.isEmpty && nodes[0].parentIndex == nil, "a tree starts with its root")
        var nodes = nodes
        var path: [Int] = []
        for index in nodes.indices {
            nodes[index].childIndices = []
            if let parent = nodes[index].parentIndex {
                while let last = path.last, last != parent {
                    path.removeLast()
                }
                precondition(!path.isEmpty, "a node's parent is the node before it or one of its ancestors")
                nodes[parent].childIndices.append(index)
                nodes[index].depth = path.count
            } else {
                precondition(index == 0, "a tree has one root, its first node")
                nodes[index].depth = 0
            }
            path.append(index)
        }
        self.nodes = nodes
    }

    /// The root node.
    public var root: SpanTreeNode { nodes[0] }

    /// The number of nodes in the tree, the root included.
    public var nodeCount: Int { nodes.count }

    /// The children of `node`, a node of this tree, by start time.
    public func children(of node: SpanTreeNode) -> [SpanTreeNode] {
        node.childIndices.map { nodes[$0] }
    }

    /// The tree drawn with box-drawing glyphs, one node per line, children below their parent.
    ///
    /// At most 32 levels are indented: a node deeper than that is drawn at depth 32, with
    /// `"[depth N] "` (N its depth, the root's being 0) before its label, so that the text stays
    /// linear in the nodes however deep the tree.
    public var renderedTree: String {
        TreeDrawing.draw(depths: nodes.map(\.depth), glyphs: .boxDrawing) { nodes[$0].label }
    }
}

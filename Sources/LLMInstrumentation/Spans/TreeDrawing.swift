/// Draws trees given in pre-order, one node per line, children below their parent behind guides
/// (`├── `, `└── `, `│   `): the drawing of ``SpanTree/renderedTree`` and of `llm-trace show`.
///
/// At most ``maxDrawnDepth`` levels are indented: a deeper node is drawn at that depth, its label
/// after `"[depth N] "` (N its depth, the root's being 0), so that the text stays linear in the
/// nodes however deep the tree. Iterative: a tree of any depth draws in a constant stack.
package enum TreeDrawing {
    /// The four pieces a line is indented with.
    package struct Glyphs: Sendable {
        /// Before a node with later siblings.
        package var branch: String
        /// Before a node that is its parent's last child.
        package var last: String
        /// Below a node with later siblings, in its descendants' lines.
        package var bar: String
        /// Below a last child, in its descendants' lines.
        package var blank: String

        /// Box-drawing guides: `├── `, `└── `, `│   `.
        package static let boxDrawing = Glyphs(branch: "├── ", last: "└── ", bar: "│   ", blank: "    ")
        /// Plain-text guides: `|-- `, `` `-- ``, `|   `.
        package static let ascii = Glyphs(branch: "|-- ", last: "`-- ", bar: "|   ", blank: "    ")
    }

    /// The deepest level drawn with its own indentation.
    package static let maxDrawnDepth = 32

    /// The text of the trees whose nodes have `depths` in pre-order (a root has depth 0, a child
    /// its parent's depth plus one), each line `label(index)` after its guides and ending in a
    /// newline.
    package static func draw(depths: [Int], glyphs: Glyphs, label: (Int) -> String) -> String {
        // Whether each node is its parent's last child: a later node at the same depth, before
        // any shallower one, is its next sibling.
        var isLast = [Bool](repeating: true, count: depths.count)
        var path: [Int] = []
        for (index, depth) in depths.enumerated() {
            if path.count > depth { isLast[path[depth]] = false }
            path.removeSubrange(min(depth, path.count)...)
            path.append(index)
        }

        // The guides of the current node's ancestors at depths 1..., as far as they are drawn.
        var guides: [String] = []
        var text = ""
        for (index, depth) in depths.enumerated() {
            let drawnDepth = min(depth, maxDrawnDepth)
            if drawnDepth > 0 {
                guides.removeSubrange(min(drawnDepth - 1, guides.count)...)
                text += guides.joined()
                text += isLast[index] ? glyphs.last : glyphs.branch
                if drawnDepth < maxDrawnDepth {
                    guides.append(isLast[index] ? glyphs.blank : glyphs.bar)
                }
            }
            if depth > maxDrawnDepth { text += "[depth \(depth)] " }
            text += label(index)
            text += "\n"
        }
        return text
    }
}

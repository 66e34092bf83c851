package import Foundation

/// Spans arranged as trace trees, for ``SimpleSpanHandler/traceTrees()`` and `llm-trace show`:
/// each tree in pre-order (a node, then its children's subtrees by start time), roots by start
/// time then id.
///
/// Every span is in exactly one tree, whatever its parent ids say, and the arranging is iterative
/// and linear in the spans, so a chain of any depth is no deeper on the stack than a single span:
/// - a span whose parent is not among the spans hangs under a placeholder for that parent, or is
///   a root, as asked;
/// - spans whose parent ids form a cycle (a span its own parent, or A's parent B and B's parent
///   A), which would otherwise hang under no root, are shown from the cycle's earliest-started
///   span, made a root; ``cycleRoots`` names them.
///
/// When several spans share an id, the earliest-started one is the parent of the spans naming
/// that id.
package struct SpanForest {
    /// What a node stands for.
    package enum Node: Equatable {
        /// The span at this index of the spans given.
        case span(Int)
        /// A parent that is not among the spans, by its id.
        case placeholder(parentID: String)
    }

    /// One node of a tree, in pre-order.
    package struct Entry {
        package var node: Node
        /// `0` for the tree's root.
        package var depth: Int
        /// The index of the parent's entry in the same tree, or `nil` for the root.
        package var parentIndex: Int?
    }

    /// A parent id that is not among the spans, and the earliest-started span naming it.
    package struct MissingParent {
        package var parentID: String
        package var firstChild: Int
    }

    /// The trees, roots by start time then id; each tree's entries in pre-order.
    package private(set) var trees: [[Entry]] = []
    /// The spans made roots to break a cycle of parent ids, earliest-started first.
    package private(set) var cycleRoots: [Int] = []
    /// The parents not among the spans, by their first child's start (only when placeholders are
    /// made for them).
    package private(set) var missingParents: [MissingParent] = []

    /// Arranges `spans` as trees.
    /// - Parameters:
    ///   - spans: each span's id, its parent's id (`nil` for a root) and its start.
    ///   - placeholdersForMissingParents: whether a span whose parent is not among the spans hangs
    ///     under a placeholder node for it (one per missing id); otherwise it is a root.
    package init(_ spans: [(id: String, parentID: String?, start: Date)], placeholdersForMissingParents: Bool) {
        // Ordered by start; the order given breaks ties.
        let order = spans.indices.sorted { (spans[$0].start, $0) < (spans[$1].start, $1) }
        var rank = [Int](repeating: 0, count: spans.count)
        for (position, index) in order.enumerated() {
            rank[index] = position
        }
        var indexByID: [String: Int] = [:]
        for index in order where indexByID[spans[index].id] == nil {
            indexByID[spans[index].id] = index
        }
        let parents = spans.map { span in span.parentID.flatMap { indexByID[$0] } }
        let isCycleRoot = Self.cycleRoots(parents: parents, order: order, rank: rank)

        // Nodes `0..<spans.count` are the spans; placeholders follow them.
        var children = [[Int]](repeating: [], count: spans.count)
        var roots: [(start: Date, id: String, node: Int)] = []
        var placeholderNodes: [String: Int] = [:]
        var placeholderIDs: [String] = []
        for index in order {
            let span = spans[index]
            if let parent = parents[index], !isCycleRoot[index] {
                children[parent].append(index)
            } else if let parentID = span.parentID, !isCycleRoot[index], placeholdersForMissingParents {
                let node: Int
                if let existing = placeholderNodes[parentID] {
                    node = existing
                } else {
                    node = spans.count + placeholderIDs.count
                    placeholderNodes[parentID] = node
                    placeholderIDs.append(parentID)
                    children.append([])
                    missingParents.append(MissingParent(parentID: parentID, firstChild: index))
                    roots.append((span.start, Self.placeholderID(forMissingParent: parentID), node))
                }
                children[node].append(index)
            } else {
                if isCycleRoot[index] { cycleRoots.append(index) }
                roots.append((span.start, span.id, index))
            }
        }
        roots.sort { ($0.start, $0.id, $0.node) < ($1.start, $1.id, $1.node) }

        func node(_ number: Int) -> Node {
            number < spans.count ? .span(number) : .placeholder(parentID: placeholderIDs[number - spans.count])
        }
        trees.reserveCapacity(roots.count)
        for root in roots {
            var entries: [Entry] = []
            var pending: [(node: Int, depth: Int, parentIndex: Int?)] = [(root.node, 0, nil)]
            while let next = pending.popLast() {
                let index = entries.count
                entries.append(Entry(node: node(next.node), depth: next.depth, parentIndex: next.parentIndex))
                for child in children[next.node].reversed() {
                    pending.append((child, next.depth + 1, index))
                }
            }
            trees.append(entries)
        }
    }

    /// The id of the placeholder for a missing parent: `"<parent id>-MISSING"`.
    package static func placeholderID(forMissingParent parentID: String) -> String {
        parentID + "-MISSING"
    }

    /// Which spans break a cycle of parent ids: of each cycle, its earliest-started span.
    ///
    /// Each span has at most one parent, so following parents from any span either ends (at a
    /// root or a missing parent) or enters a cycle; each span is followed from once.
    private static func cycleRoots(parents: [Int?], order: [Int], rank: [Int]) -> [Bool] {
        enum State { case unvisited, onPath, done }
        var state = [State](repeating: .unvisited, count: parents.count)
        var isCycleRoot = [Bool](repeating: false, count: parents.count)
        var path: [Int] = []
        for start in order where state[start] == .unvisited {
            var current: Int? = start
            while let index = current, state[index] == .unvisited {
                state[index] = .onPath
                path.append(index)
                current = parents[index]
            }
            if let index = current, state[index] == .onPath, let entry = path.lastIndex(of: index) {
                let earliest = path[entry...].min { rank[$0] < rank[$1] }!
                isCycleRoot[earliest] = true
            }
            for index in path {
                state[index] = .done
            }
            path.removeAll(keepingCapacity: true)
        }
        return isCycleRoot
    }
}

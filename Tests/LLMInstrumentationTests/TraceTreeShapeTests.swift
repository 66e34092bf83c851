import Foundation
import InMemoryLogging
import Logging
import Testing

@testable import LLMInstrumentation

/// Trace trees of the shapes that break a recursive tree: a chain as deep as the store is full, a
/// span with as many children, and parent ids that form cycles.
@Suite("Trace trees of any shape")
struct TraceTreeShapeTests {
    /// A stack on which a recursion as deep as these trees overflows: 256 KiB.
    static let smallStack = 256 * 1024

    /// Enters `spans` by hand in order, each with the parent id given rather than the active
    /// span, then exits them in the same order; returns the handler that recorded them.
    func recorded(
        _ spans: [(id: String, parent: String?)],
        in dispatcher: Dispatcher,
        handler: SimpleSpanHandler
    ) -> SimpleSpanHandler {
        dispatcher.addSpanHandler(handler)
        for span in spans {
            dispatcher.spanEnter(id: span.id, parentID: span.parent)
        }
        for span in spans {
            dispatcher.spanExit(id: span.id)
        }
        return handler
    }

    /// A chain of `count` spans `"<prefix>-<i>"`, each the child of the one before.
    func chain(_ prefix: String, count: Int, parent: String? = nil) -> [(id: String, parent: String?)] {
        (0..<count).map { ("\(prefix)-\($0)", $0 == 0 ? parent : "\(prefix)-\($0 - 1)") }
    }

    /// The lines of a description, without the empty one after its last newline.
    static func lines(of description: String) -> [String] {
        description.split(separator: "\n").map(String.init)
    }

    /// The 31 levels of blank guides before a node drawn at the cap whose ancestors are all last
    /// children.
    static let blanksAtCap = String(repeating: "    ", count: 31)

    @Test(
        "a full store's 10,000 spans in one chain make one tree, built, drawn, compared and destroyed on a small stack"
    )
    func deepChain() async throws {
        let handler = recorded(
            chain("step", count: 10_000),
            in: TestHierarchy().dispatcher("trees.chain"),
            handler: SimpleSpanHandler()
        )
        #expect(handler.completedSpans.count == handler.capacity)

        let seen = await onNewThread(stackSize: Self.smallStack) {
            let trees = handler.traceTrees()
            let again = handler.traceTrees()
            let description = handler.traceTreesDescription()
            let lines = Self.lines(of: description)
            return (
                nodeCounts: trees.map(\.nodeCount),
                last: trees.first?.nodes.last.map { ($0.id, $0.depth) },
                equal: trees == again,
                distinct: Set(trees + again).count,
                bytes: description.utf8.count,
                lineCount: lines.count,
                drawn: [1, 32, 33, 9_999].map { $0 < lines.count ? lines[$0] : "" }
            )
        }
        #expect(seen.nodeCounts == [10_000])
        #expect(seen.last?.0 == "step-9999")
        #expect(seen.last?.1 == 9_999)
        #expect(seen.equal)
        #expect(seen.distinct == 1)
        #expect(seen.lineCount == 10_000)
        #expect(seen.bytes < 200 * 10_000, "the text is linear in the spans, not quadratic in the depth")
        #expect(seen.drawn[0].hasPrefix("└── step-1 ("))
        #expect(seen.drawn[1].hasPrefix(Self.blanksAtCap + "└── step-32 ("), "32 levels are indented")
        #expect(seen.drawn[2].hasPrefix(Self.blanksAtCap + "└── [depth 33] step-33 ("))
        #expect(seen.drawn[3].hasPrefix(Self.blanksAtCap + "└── [depth 9999] step-9999 ("))
    }

    @Test("a forest of a 10,000-wide star and a 5,000-deep chain ending in two siblings")
    func wideStarAndDeepChain() async throws {
        let hub: [(id: String, parent: String?)] = [("hub", nil)]
        let leaves: [(id: String, parent: String?)] = (0..<10_000).map { ("leaf-\($0)", "hub") }
        let tips: [(id: String, parent: String?)] = [("tip-0", "step-4999"), ("tip-1", "step-4999")]
        let handler = recorded(
            hub + leaves + chain("step", count: 5_000) + tips,
            in: TestHierarchy().dispatcher("trees.star"),
            handler: SimpleSpanHandler(capacity: 20_000)
        )

        let seen = await onNewThread(stackSize: Self.smallStack) {
            let trees = handler.traceTrees()
            let star = trees[0]
            let description = handler.traceTreesDescription()
            let lines = Self.lines(of: description)
            return (
                roots: trees.map(\.root.id),
                nodeCounts: trees.map(\.nodeCount),
                leaves: star.children(of: star.root).map(\.id),
                leafDepths: Set(star.nodes.dropFirst().map(\.depth)),
                tips: trees[1].nodes.suffix(2).map { "\($0.id)@\($0.depth)" },
                equal: trees == handler.traceTrees(),
                bytes: description.utf8.count,
                lineCount: lines.count,
                drawn: [1, 10_000, 15_001, 15_002].map { $0 < lines.count ? lines[$0] : "" }
            )
        }
        #expect(seen.roots == ["hub", "step-0"])
        #expect(seen.nodeCounts == [10_001, 5_002])
        #expect(seen.leaves == leaves.map(\.id), "children by start time")
        #expect(seen.leafDepths == [1])
        #expect(seen.tips == ["tip-0@5000", "tip-1@5000"])
        #expect(seen.equal)
        #expect(seen.lineCount == 15_003)
        #expect(seen.bytes < 200 * 15_003)
        #expect(seen.drawn[0].hasPrefix("├── leaf-0 ("))
        #expect(seen.drawn[1].hasPrefix("└── leaf-9999 ("))
        #expect(seen.drawn[2].hasPrefix(Self.blanksAtCap + "├── [depth 5000] tip-0 ("))
        #expect(seen.drawn[3].hasPrefix(Self.blanksAtCap + "└── [depth 5000] tip-1 ("))
    }

    @Test(
        "spans whose parent ids form a cycle are shown from the cycle's earliest span, each span once, with a warning"
    )
    func parentCycles() throws {
        let logs = InMemoryLogHandler()
        let handler = recorded(
            [
                ("a", "b"), ("b", "a"),  // each the other's parent
                ("c", "c"),  // its own parent
                ("d", "a"),  // below a cycle
                ("e", nil), ("f", "e"),
                ("g", "gone"),
            ],
            in: TestHierarchy().dispatcher("trees.cycles"),
            handler: SimpleSpanHandler(logger: Logger(label: "test") { _ in logs })
        )

        let trees = handler.traceTrees()
        #expect(
            trees.map { $0.nodes.map { "\($0.id)@\($0.depth)" } } == [
                ["a@0", "b@1", "d@1"],
                ["c@0"],
                ["e@0", "f@1"],
                ["gone-MISSING@0", "g@1"],
            ]
        )
        let labels = Self.lines(of: handler.traceTreesDescription()).map {
            $0.split(separator: " (").first.map(String.init) ?? $0
        }
        #expect(labels == ["a", "├── b", "└── d", "c", "e", "└── f", "gone-MISSING", "└── g"])
        let warnings = logs.entries.filter { $0.level == .warning }.map(\.message.description)
        #expect(
            warnings.filter { $0.contains("cycle") } == [
                "Span with id a is in a cycle of parent ids; shown as a root",
                "Span with id c is in a cycle of parent ids; shown as a root",
                "Span with id a is in a cycle of parent ids; shown as a root",
                "Span with id c is in a cycle of parent ids; shown as a root",
            ],
            "once for each call of traceTrees()"
        )
    }
}

import Foundation
import Testing

/// One fenced Swift block of a documentation catalog's page.
struct DocumentationCodeBlock {
    var page: String
    var firstLine: Int
    var lines: [String]
    /// Whether the page says, in a `@Comment` directive just above the block, that the block is
    /// not compiled (and why).
    var isMarkedNotCompiled: Bool
}

/// The documentation catalogs of the package and the test files that compile their code.
enum DocumentationSources {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The pages (`*.md`) of every `Sources/<Module>/<Module>.docc` catalog.
    static func catalogPages() throws -> [URL] {
        let sources = packageRoot.appendingPathComponent("Sources")
        var pages: [URL] = []
        for module in try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted() {
            let catalog = sources.appendingPathComponent(module).appendingPathComponent("\(module).docc")
            guard let files = FileManager.default.enumerator(atPath: catalog.path) else { continue }
            for case let file as String in files where file.hasSuffix(".md") {
                pages.append(catalog.appendingPathComponent(file))
            }
        }
        return pages.sorted { $0.path < $1.path }
    }

    /// The lines of every `Tests/<Target>/*DocumentationSampleTests.swift`.
    static func sampleLines() throws -> [[String]] {
        let tests = packageRoot.appendingPathComponent("Tests")
        var files: [[String]] = []
        for target in try FileManager.default.contentsOfDirectory(atPath: tests.path).sorted() {
            let folder = tests.appendingPathComponent(target)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for name in names.sorted() where name.hasSuffix("DocumentationSampleTests.swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                files.append(text.components(separatedBy: "\n"))
            }
        }
        return files
    }

    /// The fenced Swift blocks of a page.
    static func swiftBlocks(ofPage page: URL) throws -> [DocumentationCodeBlock] {
        let lines = try String(contentsOf: page, encoding: .utf8).components(separatedBy: "\n")
        var blocks: [DocumentationCodeBlock] = []
        var index = 0
        while index < lines.count {
            guard lines[index].trimmingCharacters(in: .whitespaces) == "```swift" else {
                index += 1
                continue
            }
            let above = lines[..<index].last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
            var end = index + 1
            while end < lines.count, lines[end].trimmingCharacters(in: .whitespaces) != "```" { end += 1 }
            blocks.append(
                DocumentationCodeBlock(
                    page: page.lastPathComponent,
                    firstLine: index + 2,
                    lines: Array(lines[(index + 1)..<min(end, lines.count)]),
                    isMarkedNotCompiled: above.hasPrefix("@Comment") && above.contains("Not compiled")
                )
            )
            index = end + 1
        }
        return blocks
    }

    /// Whether `block` stands in `file` line for line, indented by the same amount throughout
    /// (blank lines match blank lines).
    static func file(_ file: [String], contains block: [String]) -> Bool {
        func indentation(_ line: String) -> Int { line.prefix { $0 == " " }.count }
        guard let first = block.first(where: { !$0.isEmpty }), let offset = block.firstIndex(of: first) else {
            return true
        }
        let firstText = first.dropFirst(indentation(first))
        for start in file.indices where file[start].dropFirst(indentation(file[start])) == firstText {
            let extra = indentation(file[start]) - indentation(first)
            let origin = start - offset
            guard extra >= 0, origin >= 0, origin + block.count <= file.count else { continue }
            let padding = String(repeating: " ", count: extra)
            let matches = block.indices.allSatisfy { line in
                let expected = block[line].isEmpty ? "" : padding + block[line]
                return file[origin + line].trimmingCharacters(in: .whitespaces).isEmpty
                    ? expected.isEmpty
                    : file[origin + line] == expected
            }
            if matches { return true }
        }
        return false
    }
}

@Suite("The documentation's code")
struct DocumentationSnippetTests {
    @Test("every Swift block of every catalog is compiled and run by a documentation sample test")
    func everyBlockIsTested() throws {
        let samples = try DocumentationSources.sampleLines()
        var checked = 0
        for page in try DocumentationSources.catalogPages() {
            for block in try DocumentationSources.swiftBlocks(ofPage: page) where !block.isMarkedNotCompiled {
                checked += 1
                #expect(
                    samples.contains { DocumentationSources.file($0, contains: block.lines) },
                    "\(block.page):\(block.firstLine): this Swift block is in no *DocumentationSampleTests.swift"
                )
            }
        }
        #expect(checked >= 25, "only \(checked) Swift blocks were found in the catalogs")
    }

    @Test("the block matcher needs every line, in order, at one indentation")
    func matcherIsStrict() {
        let file = ["func f() {", "    let a = 1", "", "    let b = 2", "}"]
        #expect(DocumentationSources.file(file, contains: ["let a = 1", "", "let b = 2"]))
        #expect(!DocumentationSources.file(file, contains: ["let a = 1", "let b = 2"]))
        #expect(!DocumentationSources.file(file, contains: ["let a = 1", "", "let b = 3"]))
        #expect(!DocumentationSources.file(file, contains: ["let a = 1", "", "  let b = 2"]))
    }
}

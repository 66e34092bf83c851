// libFuzzer target: `JSONLinesReader.read(_:)` on arbitrary bytes.
//
// Beyond "no crash, no memory error", it checks what the reader promises: problems are reported
// once per line, in order, for lines that exist; nothing is counted twice; and every event read
// back encodes again as valid JSON (the exporter's path), so a file read is a file that can be
// written. Build and run with `Fuzz/run.sh`.

import Foundation
import LLMInstrumentation
import LLMInstrumentationReading

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    let contents = JSONLinesReader.read(data)

    let lineCount = data.reduce(into: 1) { lines, byte in if byte == UInt8(ascii: "\n") { lines += 1 } }
    var previous = 0
    for problem in contents.problems {
        precondition(problem.line > previous && problem.line <= lineCount, "problem lines out of order or range: \(contents.problems)")
        precondition(!problem.reason.isEmpty && problem.reason.utf8.count <= 303, "reason empty or unbounded: \(problem)")
        previous = problem.line
    }
    let recordCount = contents.events.count + contents.spans.count + contents.problems.count
    precondition(recordCount <= lineCount, "more records and problems (\(recordCount)) than lines (\(lineCount))")

    for event in contents.events {
        let text: String
        do {
            text = try event.jsonValue().jsonString()
        } catch {
            continue  // an event whose encoding throws is exported with its error; not a crash
        }
        let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8))
        precondition(parsed is [String: Any], "an event read back encodes as invalid JSON: \(text.prefix(300))")
    }
    return 0
}

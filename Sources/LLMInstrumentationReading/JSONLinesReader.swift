public import Foundation
public import LLMInstrumentation

/// Reads a JSON-lines trace file back: its events and spans, in file order. A line that is
/// corrupt, truncated or not a record is reported with its number and skipped; the rest is read.
public enum JSONLinesReader {
    /// What a file held.
    public struct Contents: Sendable {
        /// The events, in file order.
        public var events: [any Event]
        /// The spans, in file order (the order they ended).
        public var spans: [SpanRecord]
        /// The lines that could not be read.
        public var problems: [Problem]
    }

    /// A line that could not be read.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The line's number, from 1.
        public var line: Int
        /// What is wrong with it.
        public var reason: String

        /// `"line N: reason"`.
        public var description: String { "line \(line): \(reason)" }
    }

    /// What one line held.
    public enum Record: Sendable {
        /// An event line, read back as its type (see ``EventDecoding``).
        case event(any Event)
        /// A span line.
        case span(SpanRecord)
        /// A line that could not be read.
        case problem(Problem)
    }

    /// Reads the file at `url`.
    ///
    /// The file is read in chunks of a few megabytes; only ``Contents`` grows with it.
    /// - Throws: ``JSONLinesReadError/cannotRead(path:reason:)`` when the file cannot be read.
    public static func read(contentsOf url: URL) throws(JSONLinesReadError) -> Contents {
        var contents = Contents(events: [], spans: [], problems: [])
        try forEachRecord(contentsOf: url) { contents.add($0) }
        return contents
    }

    /// Reads JSON-lines text.
    ///
    /// Every line is read on its own, so one bad line costs only itself: a line that is not
    /// UTF-8, not JSON (truncated, corrupt, nested deeper than the parser's limit of 512 levels,
    /// a number too large for a `Double`), or not a trace record is reported in ``Contents/problems``
    /// with its number and the reason (at most 300 bytes): `not valid UTF-8`, or `not JSON (corrupt
    /// or truncated line): ` and where the parser stopped (`unexpected end of line at byte 57`,
    /// `invalid character 'x' at byte 12 (expected ',' or '}')`, `too deeply nested (more than 512
    /// levels) at byte 512`), or what the record lacks. Lines are parsed where they lie in `data`,
    /// straight into their values, so a very long line costs little more than its decoded value.
    public static func read(_ data: Data) -> Contents {
        var contents = Contents(events: [], spans: [], problems: [])
        forEachRecord(in: data) { contents.add($0) }
        return contents
    }

    /// Reads the file at `url` one line at a time, handing each line's record to `body` in file
    /// order (blank lines have none): for files too large to hold every record at once.
    ///
    /// Lines are read as ``read(_:)`` reads them, from chunks of a few megabytes, so memory stays
    /// bounded by the longest line whatever the file's size.
    /// - Throws: ``JSONLinesReadError/cannotRead(path:reason:)`` when the file cannot be opened or
    ///   read; the records of the lines before are handed to `body` first.
    public static func forEachRecord(contentsOf url: URL, _ body: (Record) -> Void) throws(JSONLinesReadError) {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw .cannotRead(path: url.path, reason: error.localizedDescription)
        }
        defer { try? handle.close() }
        var lines = LineBuffer()
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: chunkSize)
            } catch {
                throw .cannotRead(path: url.path, reason: error.localizedDescription)
            }
            guard let chunk, !chunk.isEmpty else { break }
            lines.append(chunk, body)
        }
        lines.finish(body)
    }

    /// Reads JSON-lines text one line at a time, handing each line's record to `body` in order
    /// (blank lines have none), as ``read(_:)`` reads them.
    public static func forEachRecord(in data: Data, _ body: (Record) -> Void) {
        var lineNumber = 0
        data.withUnsafeBytes { buffer in
            let rest = forEachCompleteLine(in: buffer, lineNumber: &lineNumber, body)
            lineNumber += 1
            if let record = record(ofLine: UnsafeRawBufferPointer(rebasing: buffer[rest...]), number: lineNumber) {
                body(record)
            }
        }
    }

    /// How much of a file is read at once.
    private static let chunkSize = 4 << 20

    /// The bytes of a file read so far that do not yet make a whole line, and how many lines came
    /// before them.
    private struct LineBuffer {
        private var pending: [UInt8] = []
        private var lineNumber = 0

        /// Hands the records of the lines `chunk` completes to `body`, and keeps the rest.
        mutating func append(_ chunk: Data, _ body: (Record) -> Void) {
            let hasNewline = chunk.withUnsafeBytes {
                memchr($0.baseAddress!, Int32(UInt8(ascii: "\n")), $0.count) != nil
            }
            pending.append(contentsOf: chunk)
            guard hasNewline else { return }
            let consumed = pending.withUnsafeBytes { buffer in
                JSONLinesReader.forEachCompleteLine(in: buffer, lineNumber: &lineNumber, body)
            }
            pending.removeSubrange(..<consumed)
        }

        /// Hands the record of the last line (the bytes after the last newline) to `body`.
        mutating func finish(_ body: (Record) -> Void) {
            lineNumber += 1
            let number = lineNumber
            pending.withUnsafeBytes { buffer in
                if let record = JSONLinesReader.record(ofLine: buffer, number: number) { body(record) }
            }
            pending.removeAll()
        }
    }

    /// Hands the record of each line that ends with a newline in `buffer` to `body`, numbering them
    /// on from `lineNumber`.
    /// - Returns: the offset just after the last newline: where the unfinished last line starts.
    private static func forEachCompleteLine(
        in buffer: UnsafeRawBufferPointer,
        lineNumber: inout Int,
        _ body: (Record) -> Void
    ) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var start = 0
        while start < buffer.count, let newline = memchr(base + start, Int32(UInt8(ascii: "\n")), buffer.count - start)
        {
            let end = UnsafeRawPointer(newline) - base
            lineNumber += 1
            if let record = record(ofLine: UnsafeRawBufferPointer(rebasing: buffer[start..<end]), number: lineNumber) {
                body(record)
            }
            start = end + 1
        }
        return start
    }

    /// The record of one line (without its newline), or `nil` for a blank line.
    private static func record(ofLine line: UnsafeRawBufferPointer, number: Int) -> Record? {
        if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) {
            return nil
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            // The reasons of the first reader, which checked every line's UTF-8 first: a line that
            // is not UTF-8 is that, whatever else is wrong with it.
            if case .invalidUTF8 = error { return .problem(Problem(line: number, reason: "not valid UTF-8")) }
            if let base = line.baseAddress,
                JSONParser.firstInvalidUTF8(base.assumingMemoryBound(to: UInt8.self), from: 0, to: line.count) != nil
            {
                return .problem(Problem(line: number, reason: "not valid UTF-8"))
            }
            return .problem(Problem(line: number, reason: shortened("not JSON (corrupt or truncated line): \(error)")))
        }
        guard case .object(var members) = consume value else { return notARecord(number) }
        switch members["record"] {
        case .string("span"):
            do {
                return .span(try SpanRecord(members: members))
            } catch {
                return .problem(Problem(line: number, reason: shortened("invalid span: \(error)")))
            }
        case .string("event"):
            members["record"] = nil
            do {
                return .event(try EventDecoding.decode(.object(members)))
            } catch {
                return .problem(Problem(line: number, reason: shortened(error.description)))
            }
        default:
            return notARecord(number)
        }
    }

    private static func notARecord(_ number: Int) -> Record {
        .problem(Problem(line: number, reason: "not a trace record (no \"record\": \"span\" or \"event\")"))
    }

    /// A reason cut to 300 bytes: errors quote the values they reject, which a bad file can make
    /// as long as a line.
    private static func shortened(_ reason: String) -> String {
        guard reason.utf8.count > 300 else { return reason }
        // Cut at a scalar boundary so that the text stays as it was up to the cut.
        var end = reason.utf8.index(reason.utf8.startIndex, offsetBy: 300)
        while end.samePosition(in: reason.unicodeScalars) == nil { end = reason.utf8.index(before: end) }
        return String(reason.unicodeScalars[..<end]) + "…"
    }
}

extension JSONLinesReader.Contents {
    /// Adds one line's record.
    fileprivate mutating func add(_ record: JSONLinesReader.Record) {
        switch record {
        case .event(let event): events.append(event)
        case .span(let span): spans.append(span)
        case .problem(let problem): problems.append(problem)
        }
    }
}

/// Why a trace file could not be read at all.
public enum JSONLinesReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read.
    case cannotRead(path: String, reason: String)

    /// A sentence saying what is wrong.
    public var description: String {
        switch self {
        case .cannotRead(let path, let reason): return "cannot read \(path): \(reason)"
        }
    }
}

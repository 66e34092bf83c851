public import Foundation

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

    /// Reads the file at `url`.
    /// - Throws: ``JSONLinesReadError/cannotRead(path:reason:)`` when the file cannot be read.
    public static func read(contentsOf url: URL) throws(JSONLinesReadError) -> Contents {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .cannotRead(path: url.path, reason: error.localizedDescription)
        }
        return read(data)
    }

    /// Reads JSON-lines text.
    public static func read(_ data: Data) -> Contents {
        var contents = Contents(events: [], spans: [], problems: [])
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) {
                continue
            }
            guard let text = String(validating: line, as: UTF8.self) else {
                contents.problems.append(Problem(line: lineNumber, reason: "not valid UTF-8"))
                continue
            }
            let value: JSONValue
            do {
                value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            } catch {
                contents.problems.append(Problem(line: lineNumber, reason: "not JSON (corrupt or truncated line)"))
                continue
            }
            switch value["record"]?.stringValue {
            case "span":
                do {
                    contents.spans.append(try JSONDecoder().decode(SpanRecord.self, from: Data(text.utf8)))
                } catch {
                    contents.problems.append(Problem(line: lineNumber, reason: "invalid span: \(error)"))
                }
            case "event":
                guard case .object(var fields) = value else { continue }
                fields["record"] = nil
                do {
                    contents.events.append(try EventDecoding.decode(.object(fields)))
                } catch {
                    contents.problems.append(Problem(line: lineNumber, reason: error.description))
                }
            default:
                contents.problems.append(Problem(line: lineNumber, reason: "not a trace record (no \"record\": \"span\" or \"event\")"))
            }
        }
        return contents
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

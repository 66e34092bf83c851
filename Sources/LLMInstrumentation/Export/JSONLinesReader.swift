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
    ///
    /// Every line is read on its own, so one bad line costs only itself: a line that is not
    /// UTF-8, not JSON (truncated, corrupt, nested deeper than the parser's limit of 512 levels,
    /// a number too large for a `Double`), or not a trace record is reported in ``Contents/problems``
    /// with its number and the parser's reason (at most 300 bytes). Lines are decoded where they
    /// lie in `data`, so a very long line costs little more than its decoded value.
    public static func read(_ data: Data) -> Contents {
        var contents = Contents(events: [], spans: [], problems: [])
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) {
                continue
            }
            guard String(validating: line, as: UTF8.self) != nil else {
                contents.problems.append(Problem(line: lineNumber, reason: "not valid UTF-8"))
                continue
            }
            let value: JSONValue
            do {
                value = try JSONDecoder().decode(JSONValue.self, from: line)
            } catch {
                let diagnosis = parserDiagnosis(of: line).map { ": " + $0 } ?? ""
                contents.problems.append(Problem(line: lineNumber, reason: shortened("not JSON (corrupt or truncated line)" + diagnosis)))
                continue
            }
            switch value["record"]?.stringValue {
            case "span":
                do {
                    contents.spans.append(try JSONDecoder().decode(SpanRecord.self, from: line))
                } catch {
                    contents.problems.append(Problem(line: lineNumber, reason: shortened("invalid span: \(error)")))
                }
            case "event":
                guard case .object(var fields) = value else { continue }
                fields["record"] = nil
                do {
                    contents.events.append(try EventDecoding.decode(.object(fields)))
                } catch {
                    contents.problems.append(Problem(line: lineNumber, reason: shortened(error.description)))
                }
            default:
                contents.problems.append(Problem(line: lineNumber, reason: "not a trace record (no \"record\": \"span\" or \"event\")"))
            }
        }
        return contents
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

    /// The parser's own words for why `line` is not JSON ("Unexpected end of file during JSON
    /// parse.", "Too many nested arrays or dictionaries around character 513."): `JSONDecoder`
    /// keeps them to itself, `JSONSerialization` tells. Only called for lines that failed.
    private static func parserDiagnosis(of line: Data) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: line, options: .fragmentsAllowed)
            return nil
        } catch {
            guard let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String else { return nil }
            return text
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

public import Foundation

/// A span as the JSON-lines exporter records it: one line per finished span with
/// `"record": "span"`, its id, name (the id without its unique suffix), parent, trace root,
/// start, end, duration in seconds, status (`ok` or `dropped`), error, tags, and the bound
/// arguments and result as JSON (long values truncated).
public struct ExportedSpan: InstrumentationSpan, Sendable {
    /// The span's id.
    public var id: String
    /// The enclosing span's id, or `nil` for a root span.
    public var parentID: String? {
        get { storedParentID.isEmpty ? nil : storedParentID }
        set { storedParentID = newValue ?? "" }
    }
    /// The id of the root span of the trace this span belongs to (itself for a root span).
    public var traceRootID: String
    /// The tags active at entry.
    public var tags: [String: JSONValue]
    /// When the span was entered.
    public var startTime: Date
    /// When the span ended.
    public var endTime: Date?
    /// `"ok"` or `"dropped"` once ended.
    public var status: String? {
        get { storedStatus.isEmpty ? nil : storedStatus }
        set { storedStatus = newValue ?? "" }
    }
    /// The error's text, for a dropped span.
    public var errorDescription: String? {
        get { storedErrorDescription.isEmpty ? nil : storedErrorDescription }
        set { storedErrorDescription = newValue ?? "" }
    }
    /// The arguments of the spanned call.
    public var arguments: BoundArguments
    /// What the call returned, if anything.
    public var result: (any Sendable)? {
        get { hasResult ? storedResult : nil }
        set {
            hasResult = newValue != nil
            storedResult = newValue ?? ()
        }
    }
    /// Facts about the span (a stream's chunk count).
    public var facts: [String: JSONValue]

    // Optional strings and the result are stored without `Optional`s (empty for none): every
    // exported span is copied and destroyed, and `Optional`s of references go through the generic
    // value witness there.
    private var storedParentID = ""
    private var storedStatus = ""
    private var storedErrorDescription = ""
    private var storedResult: any Sendable = ()
    private var hasResult = false

    /// Creates a span record.
    public init(
        id: String,
        parentID: String? = nil,
        traceRootID: String,
        tags: [String: JSONValue] = [:],
        startTime: Date,
        endTime: Date? = nil,
        status: String? = nil,
        errorDescription: String? = nil,
        arguments: BoundArguments = BoundArguments(),
        result: (any Sendable)? = nil,
        facts: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.traceRootID = traceRootID
        self.tags = tags
        self.startTime = startTime
        self.endTime = endTime
        self.arguments = arguments
        self.facts = facts
        self.parentID = parentID
        self.status = status
        self.errorDescription = errorDescription
        self.result = result
    }

    /// How long the span lasted, in seconds.
    public var duration: Double {
        endTime.map { $0.timeIntervalSince(startTime) } ?? 0
    }

    /// Appends the span's line (without newline), writing its fields straight to text: no JSON
    /// tree and no key sorting, so that the writer keeps up with busy programs.
    func appendJSONLine(to output: inout JSONByteBuffer, maximumValueLength: Int) {
        // Each key is one literal with its quotes, colon and the comma before it.
        func key(_ quotedKeyAndColon: StaticString) {
            JSONTextWriter.appendASCII(quotedKeyAndColon, to: &output)
        }
        func string(_ text: String?) {
            if let text {
                JSONTextWriter.writeString(text, into: &output)
            } else {
                JSONTextWriter.appendASCII("null", to: &output)
            }
        }
        func timestamp(_ date: Date?) {
            if let date {
                ISO8601Timestamp.write(date, quotedInto: &output)
            } else {
                JSONTextWriter.appendASCII("null", to: &output)
            }
        }
        key(#"{"record":"span""#)
        key(#","id":"#)
        string(id)
        key(#","name":"#)
        var id = id
        id.withUTF8 { bytes in
            JSONTextWriter.writeString(
                bytes: UnsafeBufferPointer(rebasing: bytes[..<SpanName.nameLength(ofID: bytes)]),
                into: &output
            )
        }
        key(#","parent_id":"#)
        string(parentID)
        key(#","trace_id":"#)
        string(traceRootID)
        key(#","start":"#)
        timestamp(startTime)
        key(#","end":"#)
        timestamp(endTime)
        key(#","duration":"#)
        JSONTextWriter.writeSeconds(duration, into: &output)
        key(#","status":"#)
        string(status)
        key(#","error":"#)
        string(errorDescription)
        key(#","tags":"#)
        JSONTextWriter.write(.object(tags), into: &output)
        key(#","arguments":"#)
        output.append(UInt8(ascii: "{"))
        // A name given twice is written once, the first time (JSON objects have unique keys).
        let all = arguments.arguments
        for (index, argument) in all.enumerated() where !all[..<index].contains(where: { $0.name == argument.name }) {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONTextWriter.writeString(argument.name, into: &output)
            output.append(UInt8(ascii: ":"))
            JSONTextWriter.write(
                ExportedValue.json(of: argument.value, maximumLength: maximumValueLength),
                into: &output
            )
        }
        output.append(UInt8(ascii: "}"))
        key(#","result":"#)
        if let result {
            JSONTextWriter.write(ExportedValue.json(of: result, maximumLength: maximumValueLength), into: &output)
        } else {
            JSONTextWriter.appendASCII("null", to: &output)
        }
        if !facts.isEmpty {
            key(#","facts":"#)
            JSONTextWriter.write(.object(facts), into: &output)
        }
        output.append(UInt8(ascii: "}"))
    }
}

/// Names spans: the id without its unique suffix.
package enum SpanName {
    /// The length of the name at the start of the UTF-8 bytes of a span id: all of it, unless it
    /// ends with `-` and a UUID-shaped suffix.
    static func nameLength(ofID bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let suffixLength = UniqueID.formattedLength + 1
        guard bytes.count > suffixLength, bytes[bytes.count - suffixLength] == UInt8(ascii: "-") else {
            return bytes.count
        }
        return bytes.count - suffixLength
    }

    /// `"Retriever.retrieve-1b2c…"` → `"Retriever.retrieve"`; an id made elsewhere is its own name
    /// when it has no UUID-shaped suffix.
    package static func name(ofID id: String) -> String {
        var id = id
        return id.withUTF8 { bytes in
            String(decoding: UnsafeBufferPointer(rebasing: bytes[..<nameLength(ofID: bytes)]), as: UTF8.self)
        }
    }
}

/// Turns argument and result values into JSON for export.
enum ExportedValue {
    static func json(of value: any Sendable, maximumLength: Int) -> JSONValue {
        var json: JSONValue
        if let number = value as? Int {
            return .int(number)
        } else if let text = value as? String {
            guard text.utf8.count > maximumLength else { return .string(text) }
            json = .string(text)
        } else if let json0 = value as? JSONValue {
            json = json0
        } else if let encodable = value as? any Encodable, let encoded = try? JSONValueEncoder().encode(encodable) {
            json = encoded
        } else {
            json = .string(String(describing: value))
        }
        // A string is cut in its text; anything else in its JSON text.
        let text = json.stringValue ?? json.jsonString()
        if text.utf8.count > maximumLength {
            let kept = String(decoding: text.utf8.prefix(maximumLength), as: UTF8.self)
            json = .string(kept + "…(truncated \(text.utf8.count - kept.utf8.count) bytes)")
        }
        return json
    }
}

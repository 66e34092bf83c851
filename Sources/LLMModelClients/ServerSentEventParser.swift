/// An incremental parser of Server-Sent Events (the `text/event-stream` format of the WHATWG HTML
/// standard), fed the bytes of a response body as they arrive, in pieces of any size.
///
/// Lines end with CRLF, LF or CR (a CRLF split between two pieces counts once); a line starting
/// with `:` is a comment; `data` lines join with newlines; a blank line ends an event. Only
/// complete events come out: what follows the last blank line when the body ends is an event cut
/// short, which ``finish()`` reports instead of handing on.
struct ServerSentEventParser: Sendable {
    /// One event: its type (`event:`, `nil` for the default `message`), its data and its id.
    struct Event: Sendable, Hashable {
        var type: String?
        var data: String
        var id: String?
    }

    /// What ``finish()`` found after the last complete event.
    enum Ending: Sendable, Hashable {
        /// The body ended where an event ended (or with nothing but comments after it).
        case clean
        /// The body ended inside an event; its text so far, for the error message.
        case cutShort(String)
    }

    private var line: [UInt8] = []
    private var lastByteWasCR = false
    private var type: String?
    private var data: [String] = []
    private var id: String?
    /// Whether the event being read has had a field line yet.
    private var hasFields = false
    private var isFirstLine = true

    /// Parses `bytes`, appending the events they complete to `events`.
    mutating func parse(_ bytes: some Sequence<UInt8>, into events: inout [Event]) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\n") where lastByteWasCR:
                lastByteWasCR = false
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                lastByteWasCR = byte == UInt8(ascii: "\r")
                endLine(into: &events)
            default:
                lastByteWasCR = false
                line.append(byte)
            }
        }
    }

    /// The body ended: tells whether it ended between events.
    mutating func finish() -> Ending {
        var events: [Event] = []
        if !line.isEmpty { endLine(into: &events) }
        guard hasFields else { return .clean }
        return .cutShort(data.joined(separator: "\n"))
    }

    private mutating func endLine(into events: inout [Event]) {
        defer {
            line.removeAll(keepingCapacity: true)
            isFirstLine = false
        }
        // A byte-order mark may open the stream.
        if isFirstLine, line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        guard !line.isEmpty else {
            if hasFields, !data.isEmpty || type != nil {
                events.append(Event(type: type, data: data.joined(separator: "\n"), id: id))
            }
            type = nil
            data = []
            hasFields = false
            return
        }
        if line.first == UInt8(ascii: ":") { return }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        let name = String(decoding: line[..<colon], as: UTF8.self)
        var valueStart = colon < line.endIndex ? line.index(after: colon) : colon
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = String(decoding: line[valueStart...], as: UTF8.self)
        hasFields = true
        switch name {
        case "event": type = value
        case "data": data.append(value)
        case "id" where !value.utf8.contains(0): id = value
        default: break  // `retry` and unknown fields: nothing for a model stream
        }
    }
}

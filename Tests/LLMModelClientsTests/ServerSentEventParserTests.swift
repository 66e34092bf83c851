import Testing

@testable import LLMModelClients

@Suite("The Server-Sent Events parser")
struct ServerSentEventParserTests {
    private static let stream =
        "\u{FEFF}: a comment\r\nevent: message_start\r\ndata: {\"a\":1}\r\n\r\n"
        + "data: line one\ndata:line two\nid: 7\n\n"
        + "retry: 10\r\r"
        + "event: ping\rdata: {}\r\r"
        + "data\n\n"

    private static let expected = [
        ServerSentEventParser.Event(type: "message_start", data: "{\"a\":1}", id: nil),
        ServerSentEventParser.Event(type: nil, data: "line one\nline two", id: "7"),
        ServerSentEventParser.Event(type: "ping", data: "{}", id: "7"),
        ServerSentEventParser.Event(type: nil, data: "", id: "7"),
    ]

    @Test("every way of cutting the stream in two gives the same events: CRLF, LF and CR line ends, comments, a BOM")
    func everySplit() {
        let bytes = Array(Self.stream.utf8)
        for cut in 0...bytes.count {
            var parser = ServerSentEventParser()
            var events: [ServerSentEventParser.Event] = []
            parser.parse(bytes[..<cut], into: &events)
            parser.parse(bytes[cut...], into: &events)
            #expect(events == Self.expected, "cut at \(cut)")
            #expect(parser.finish() == .clean)
        }
    }

    @Test("byte by byte gives the same events")
    func byteByByte() {
        var parser = ServerSentEventParser()
        var events: [ServerSentEventParser.Event] = []
        for byte in Self.stream.utf8 { parser.parse([byte], into: &events) }
        #expect(events == Self.expected)
    }

    @Test("a body that ends inside an event reports it cut short, with its data so far, and does not hand it on")
    func cutShort() {
        var parser = ServerSentEventParser()
        var events: [ServerSentEventParser.Event] = []
        parser.parse(Array("data: {\"done\": true}\n\ndata: {\"par".utf8), into: &events)
        #expect(events.map(\.data) == ["{\"done\": true}"])
        #expect(parser.finish() == .cutShort("{\"par"))
    }

    @Test("a body that ends after a complete line but before the blank line is cut short too")
    func cutBeforeBlankLine() {
        var parser = ServerSentEventParser()
        var events: [ServerSentEventParser.Event] = []
        parser.parse(Array("data: [DONE]\n".utf8), into: &events)
        #expect(events.isEmpty)
        #expect(parser.finish() == .cutShort("[DONE]"))
    }
}

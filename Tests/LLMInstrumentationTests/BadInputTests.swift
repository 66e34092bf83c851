import Foundation
import Logging
import Testing

@testable import LLMInstrumentation
@testable import LLMInstrumentationReading

/// Bad input from outside (propagation headers, trace files) and event payloads that JSON cannot
/// hold: each gets a clear error, a logged diagnostic or a documented valid form, never a crash.
/// (`PropagationTests` and `JSONLinesExportTests` cover the first cases of each; these are the rest.)
@Suite("Bad input: clear errors or logged diagnostics, never a crash")
struct BadInputTests {
    // MARK: Propagation contexts

    @Test(
        "propagation text that is not JSON is a notJSON error",
        arguments: [
            "", "   ", "{", "}", #"{"a":"#, "{'a': 1}", "{a: 1}", "NaN", #"{"a": NaN}"#, #"{"a": Infinity}"#,
            #"{"a": 1} trailing"#, "\u{0}\u{1}\u{2}", "\u{FFFD}\u{FFFD}garbage", #"{"a":"\ud800"}"#, #"{"a": 1e400}"#,
            "30,000 nested arrays", "10,000 nested objects",
        ]
    )
    func propagationTextThatIsNotJSON(_ sample: String) {
        let text =
            switch sample {
            case "30,000 nested arrays": String(repeating: "[", count: 30_000) + String(repeating: "]", count: 30_000)
            case "10,000 nested objects":
                String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
            default: sample
            }
        #expect(text.utf8.count <= PropagationContext.maximumEncodedSize)
        #expect {
            try PropagationContext(jsonString: text)
        } throws: { error in
            guard case PropagationContextError.notJSON = error else { return false }
            return "\(error)".hasPrefix("propagation context is not JSON")
        }
    }

    @Test(
        "propagation text that is JSON but not an object is a notAnObject error showing what was found",
        arguments: ["null", "42", "true", #""text""#, "[]", #"[{"instrument_tags": {}}]"#]
    )
    func propagationTextThatIsNotAnObject(_ text: String) throws {
        let found = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)).jsonString()
        #expect(throws: PropagationContextError.notAnObject(found: found)) {
            try PropagationContext(jsonString: text)
        }
    }

    @Test("the 64 KiB limit counts bytes, not characters: exactly 64 KiB reads, one byte more or 16 MiB do not")
    func propagationSizeLimit() throws {
        let limit = PropagationContext.maximumEncodedSize
        let exactly = #"{"x":""# + String(repeating: "a", count: limit - 8) + #""}"#
        #expect(exactly.utf8.count == limit)
        #expect(try PropagationContext(jsonString: exactly).values["x"]?.stringValue?.count == limit - 8)

        let oneMore = #"{"x":""# + String(repeating: "a", count: limit - 7) + #""}"#
        #expect(throws: PropagationContextError.tooLarge(bytes: limit + 1, limit: limit)) {
            try PropagationContext(jsonString: oneMore)
        }
        let twoByteCharacters = #"{"x":""# + String(repeating: "é", count: 40_000) + #""}"#
        #expect(throws: PropagationContextError.tooLarge(bytes: 80_008, limit: limit)) {
            try PropagationContext(jsonString: twoByteCharacters)
        }
        let huge = String(repeating: "{", count: 16 * 1024 * 1024)
        #expect(throws: PropagationContextError.tooLarge(bytes: 16 * 1024 * 1024, limit: limit)) {
            try PropagationContext(jsonString: huge)
        }
    }

    @Test(
        "wrongly typed tags are ignored with one warning naming the key; the span id still restores",
        arguments: ["not-an-object", 12, 1.5, true, ["a", "b"], [[1]]] as [JSONValue]
    )
    func wronglyTypedTags(_ tags: JSONValue) {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("receiver")
        let bridge = PropagatingSpanHandler(key: "traceparent", value: "unused")
        dispatcher.addSpanHandler(bridge)
        let context = PropagationContext(values: [
            PropagationContext.tagsKey: tags, PropagationContext.spanIDKey: "Remote.call-1",
        ])

        let restored = dispatcher.restorePropagationContext(context)

        #expect(restored == ActiveSpanContext(spanID: "Remote.call-1", tags: [:]))
        #expect(bridge.restored == [context.values], "handlers still get the whole context")
        let warnings = hierarchy.logs.entries.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.metadata["key"]?.description == PropagationContext.tagsKey)
        #expect(warnings.first?.metadata["expected"]?.description == "an object")
    }

    @Test(
        "a wrongly typed or empty active span id is ignored with one warning; the tags still restore",
        arguments: [12, 1.5, false, ["id": "x"], ["Remote.call-1"], ""] as [JSONValue]
    )
    func wronglyTypedSpanID(_ spanID: JSONValue) {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("receiver")
        let context = PropagationContext(values: [
            PropagationContext.tagsKey: ["user": "bob"], PropagationContext.spanIDKey: spanID,
        ])

        let restored = dispatcher.restorePropagationContext(context)

        #expect(restored == ActiveSpanContext(spanID: nil, tags: ["user": "bob"]))
        let warnings = hierarchy.logs.entries.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.metadata["key"]?.description == PropagationContext.spanIDKey)
    }

    @Test("null members mean 'nothing captured': restored as absent, without a warning")
    func nullMembers() {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("receiver")
        let context = PropagationContext(values: [PropagationContext.tagsKey: nil, PropagationContext.spanIDKey: nil])
        let restored = withInstrumentTags(["local": 1]) { dispatcher.restorePropagationContext(context) }
        #expect(restored == ActiveSpanContext(spanID: nil, tags: ["local": 1]))
        #expect(hierarchy.logs.entries.isEmpty)
    }

    @Test(
        "a garbage traceparent reaches the handlers as it is, a handler rejecting it is counted, and the rest restores",
        arguments: [
            42, "garbage", "00-zz-zz-zz", ["nested": [1, 2]], nil, .string(String(repeating: "f", count: 10_000)),
        ] as [JSONValue]
    )
    func garbageTraceparent(_ traceparent: JSONValue) throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("receiver")
        let spans = RecordingSpanHandler()
        let bridge = PropagatingSpanHandler(key: "traceparent", value: "unused")
        dispatcher.addSpanHandler(ThrowingSpanHandler())
        dispatcher.addSpanHandler(spans)
        dispatcher.addSpanHandler(bridge)
        let wire = PropagationContext(values: [
            "traceparent": traceparent,
            PropagationContext.tagsKey: ["user": "bob"],
            PropagationContext.spanIDKey: "Remote.call-1",
        ]).jsonString()
        let context = try PropagationContext(jsonString: wire)

        dispatcher.restorePropagationContext(context) {
            dispatcher.span("serve") {}
        }

        #expect(bridge.restored == [context.values])
        #expect(bridge.restored.first?["traceparent"] == traceparent)
        let served = try #require(spans.completedSpans.first)
        #expect(served.parentID == "Remote.call-1")
        #expect(served.tags == ["user": "bob"])
        #expect(
            dispatcher.statistics.handlerFailures.first { $0.handlerName == "ThrowingSpanHandler" }?.failures ?? 0 >= 1
        )
        #expect(hierarchy.logs.entries.filter { $0.level == .warning && $0.metadata["key"] != nil }.isEmpty)
    }

    @Test("a whole number held as a double crosses a process boundary as an int of the same value (found by fuzzing)")
    func wholeDoublesComeBackAsInts() throws {
        // The fuzzer's input: the fraction makes it a double, whose shortest text has none left.
        let context = try PropagationContext(jsonString: #"{"x": 104e0, "y": 1234567890123456789.1234167890}"#)
        #expect(context.values == ["x": 104, "y": .double(1_234_567_890_123_456_789.0)])
        let wire = context.jsonString()
        #expect(wire == #"{"x":104,"y":1.2345678901234568e+18}"#)
        let again = try PropagationContext(jsonString: wire)
        #expect(
            again.values == ["x": 104, "y": .int(1_234_567_890_123_456_800)],
            "the digits as written, not the double's exact value"
        )
        #expect(again.values["y"]?.doubleValue == context.values["y"]?.doubleValue)

        let local = PropagationContext(values: ["ratio": 2.0, "half": 0.5])
        #expect(try PropagationContext(jsonString: local.jsonString()).values == ["ratio": 2, "half": 0.5])
    }

    @Test("huge values restore in process, and the limit stops them at the next process boundary")
    func hugeValuesInProcess() throws {
        let hierarchy = TestHierarchy()
        let dispatcher = hierarchy.dispatcher("receiver")
        let big = String(repeating: "x", count: 1024 * 1024)
        let context = PropagationContext(values: [PropagationContext.tagsKey: ["blob": .string(big)]])

        let recaptured = dispatcher.restorePropagationContext(context) { dispatcher.capturePropagationContext() }

        #expect(recaptured.values[PropagationContext.tagsKey]?["blob"]?.stringValue?.utf8.count == big.utf8.count)
        let wire = recaptured.jsonString()
        #expect(
            throws: PropagationContextError.tooLarge(
                bytes: wire.utf8.count,
                limit: PropagationContext.maximumEncodedSize
            )
        ) {
            try PropagationContext(jsonString: wire)
        }
    }

    // MARK: Reading JSON-lines files

    @Test("a truncated last line is reported by number; every complete line before it is read")
    func truncatedLastLine() throws {
        let good = try goodLines()
        var data = joined(good + good)
        data.append(UInt8(ascii: "\n"))
        data.append(good[1].prefix(good[1].count / 2))

        let contents = JSONLinesReader.read(data)

        #expect(contents.events.count == 2)
        #expect(contents.spans.count == 2)
        #expect(contents.problems.map(\.line) == [5])
        #expect(contents.problems.first?.reason.hasPrefix("not JSON (corrupt or truncated line)") == true)
        #expect(
            contents.problems.first?.reason.contains("unexpected end of line at byte") == true,
            "says why: \(contents.problems)"
        )
    }

    @Test(
        "a line of invalid UTF-8 between good lines is reported; the lines around it are read",
        arguments: [
            [0xFF, 0xFE, 0x7B],  // bytes that never appear in UTF-8
            [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D],  // a lead byte without its continuation, inside a string
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // an encoded UTF-16 surrogate
            [0x22, 0xC0, 0xAF, 0x22],  // an overlong encoding of "/"
            [0x80],  // a lone continuation byte
        ] as [[UInt8]]
    )
    func invalidUTF8BetweenGoodLines(_ bad: [UInt8]) throws {
        let good = try goodLines()
        let contents = JSONLinesReader.read(joined([good[0], Data(bad), good[1], good[0]]))
        #expect(contents.events.count == 2)
        #expect(contents.spans.count == 1)
        #expect(contents.problems == [JSONLinesReader.Problem(line: 2, reason: "not valid UTF-8")])
    }

    @Test(
        "JSON nested 100,000 levels deep is reported as too deeply nested, without overflowing the stack",
        arguments: ["arrays", "objects", "unclosed arrays in a record"]
    )
    func deeplyNestedLine(_ nesting: String) throws {
        let line =
            switch nesting {
            case "arrays": String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            case "objects": String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
            default: #"{"record":"event","deep":"# + String(repeating: "[", count: 100_000)
            }
        let good = try goodLines()
        let contents = JSONLinesReader.read(joined([good[0], Data(line.utf8), good[1]]))
        #expect(contents.events.count == 1)
        #expect(contents.spans.count == 1)
        #expect(contents.problems.map(\.line) == [2])
        #expect(contents.problems.first?.reason.contains("nested") == true, "says why: \(contents.problems)")
    }

    @Test("a record nested 500 levels deep, within the parser's limit, reads back whole")
    func deepButAllowedNesting() throws {
        let good = try goodLines()
        var record = try #require(try JSONDecoder().decode(JSONValue.self, from: good[0]).objectValue)
        var deep: JSONValue = "bottom"
        for _ in 0..<500 { deep = [deep] }
        record["deep"] = deep
        let contents = JSONLinesReader.read(joined([Data(JSONValue.object(record).jsonString().utf8), good[1]]))
        #expect(contents.problems.isEmpty)
        #expect(contents.spans.count == 1)
        let event = try #require(contents.events.first as? RecordedEvent)
        #expect(event.fields["deep"] == deep)
    }

    @Test("a 100 MiB line is read without crashing, and the lines around it are read too")
    func hundredMegabyteLine() throws {
        let size = 100 * 1024 * 1024
        let good = try goodLines()
        // The good event with one more field holding 100 MiB of text.
        var huge = Data(good[0].dropLast())
        huge.append(contentsOf: #","text":""#.utf8)
        huge.append(Data(repeating: UInt8(ascii: "x"), count: size))
        huge.append(contentsOf: #""}"#.utf8)
        // And 100 MiB of garbage.
        let garbage = Data(repeating: UInt8(ascii: "x"), count: size)
        let url = try temporaryFile()
        try joined([good[0], huge, good[1], garbage, good[0]]).write(to: url)

        let contents = try JSONLinesReader.read(contentsOf: url)

        #expect(contents.events.count == 3)
        #expect(contents.spans.count == 1)
        #expect(contents.problems.map(\.line) == [4])
        let read = try #require(contents.events.compactMap { $0 as? RecordedEvent }.first { $0.fields["text"] != nil })
        #expect(read.fields["text"]?.stringValue?.utf8.count == size)
        try FileManager.default.removeItem(at: url)
    }

    @Test("a problem's reason stays within 300 bytes when the rejected value is long (found by fuzzing)")
    func reasonsStayShort() throws {
        let long = String(repeating: "é", count: 50_000)
        let lines = [
            #"{"record": "span", "id": "a", "start": ""# + long + #""}"#,
            #"{"record": "event", "class_name": "SpanDropEvent", "err_str": "boom", "id_": "e", "timestamp": ""# + long
                + #""}"#,
            #"{"record": "event", "class_name": ""# + long + #"", "id_": "e", "timestamp": "x"}"#,
        ]
        let contents = JSONLinesReader.read(joined(lines.map { Data($0.utf8) }))
        #expect(contents.problems.map(\.line) == [1, 2, 3])
        for problem in contents.problems {
            #expect(problem.reason.utf8.count <= 303, "\(problem.reason.utf8.count) bytes")
            #expect(problem.reason.hasSuffix("é…"), "cut between characters, and says so")
        }
        #expect(contents.problems.first?.reason.hasPrefix("invalid span") == true)
    }

    @Test("a file of blank lines and whitespace reads as nothing, with no problems")
    func blankFile() {
        let contents = JSONLinesReader.read(Data("\n\n  \n\t\r\n\r\n \n".utf8))
        #expect(contents.events.isEmpty && contents.spans.isEmpty && contents.problems.isEmpty)
    }

    @Test("a file that is not JSON lines at all reports every non-blank line and reads nothing")
    func notJSONLinesAtAll() throws {
        let prettyJSON = """
            [
              {
                "record": "event",
                "class_name": "DocumentIndexedEvent"
              }
            ]

            """
        let csv = "id,name,start\n1,retrieve,2025-01-01\n2,chat,2025-01-01\n"
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let binary = Data(
            (0..<65_536).map { _ in
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                return UInt8(truncatingIfNeeded: state)
            }
        )
        for (text, name) in [(Data(prettyJSON.utf8), "pretty JSON"), (Data(csv.utf8), "CSV"), (binary, "binary")] {
            let nonBlankLines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                .filter { !$0.allSatisfy { [0x20, 0x09, 0x0D].contains($0) } }.count
            let contents = JSONLinesReader.read(text)
            #expect(contents.events.isEmpty && contents.spans.isEmpty, "\(name)")
            #expect(contents.problems.count == nonBlankLines, "\(name)")
        }
    }

    @Test("JSON lines that are not trace records, or records missing what they need, are reported each")
    func recordsOfTheWrongShape() throws {
        let good = try goodLines()
        let wrong = [
            "null", "[]", #""text""#, "42", #"{"record": 5}"#, #"{"record": "trace"}"#,
            #"{"record": "span"}"#, #"{"record": "span", "id": "a", "start": "yesterday"}"#,
            #"{"record": "span", "id": "a", "start": "٢٠٢٥-٠١-٠١T00:00:00Z"}"#,
            #"{"record": "span", "id": 7, "start": "2025-01-01T00:00:00Z"}"#,
            #"{"record": "span", "id": "a", "start": "2025-01-01T00:00:00Z", "duration": "NaN"}"#,
            #"{"record": "event"}"#, #"{"record": "event", "class_name": 3}"#,
            #"{"record": "event", "class_name": "X", "id_": "e", "timestamp": "2025-13-45T99:00:00Z"}"#,
            #"{"record": "event", "class_name": "SpanDropEvent", "id_": "e", "timestamp": "2025-01-01T00:00:00Z"}"#,
        ]
        let contents = JSONLinesReader.read(joined([good[0]] + wrong.map { Data($0.utf8) } + [good[1]]))
        #expect(contents.events.count == 1)
        #expect(contents.spans.count == 1)
        #expect(contents.problems.map(\.line) == Array(2...(wrong.count + 1)))
    }

    // MARK: Exporting events JSON cannot hold as they are

    @Test("non-finite numbers in a JSON payload export as the strings NaN, Infinity and -Infinity")
    func nonFiniteNumbersInJSONValues() throws {
        let lines = try export { dispatcher in
            dispatcher.event(
                PayloadEvent(payload: [.double(.nan), .double(.infinity), .double(-.infinity), ["x": .double(.nan)]])
            )
        }
        let payload = try #require(lines.events.first?["payload"] as? [Any])
        #expect(payload[0] as? String == "NaN")
        #expect(payload[1] as? String == "Infinity")
        #expect(payload[2] as? String == "-Infinity")
        #expect((payload[3] as? [String: Any])?["x"] as? String == "NaN")
    }

    @Test("non-finite Double and Float fields export as strings and decode back to the same numbers")
    func nonFiniteNumbersInFields() throws {
        EventDecoding.register(MeasurementEvent.self)
        let lines = try export { dispatcher in
            dispatcher.event(
                MeasurementEvent(score: .nan, latency: .infinity, drift: -.infinity, ratio: .nan, optional: .infinity)
            )
            dispatcher.event(EmbeddingEndEvent(chunks: ["a"], embeddings: [[.nan, .infinity, -.infinity, 0.5]]))
        }
        let fields = try #require(lines.events.first)
        #expect(fields["score"] as? String == "NaN")
        #expect(fields["latency"] as? String == "Infinity")
        #expect(fields["drift"] as? String == "-Infinity")
        #expect(fields["ratio"] as? String == "NaN")
        #expect(fields["optional"] as? String == "Infinity")

        let measurement = try #require(lines.contents.events.compactMap { $0 as? MeasurementEvent }.first)
        #expect(measurement.score.isNaN && measurement.ratio.isNaN)
        #expect(
            measurement.latency == .infinity && measurement.drift == -.infinity && measurement.optional == .infinity
        )
        let embedding = try #require(
            lines.contents.events.compactMap { $0 as? EmbeddingEndEvent }.first?.embeddings.first
        )
        #expect(embedding.count == 4)
        #expect(embedding[0].isNaN && embedding[1] == .infinity && embedding[2] == -.infinity && embedding[3] == 0.5)
    }

    @Test("strings that spell NaN or Infinity stay strings when read back")
    func nonFiniteSpellingsStayStrings() throws {
        let lines = try export { dispatcher in
            withInstrumentTags(["mode": "NaN", "limit": "Infinity"]) {
                dispatcher.event(PayloadEvent(payload: ["name": "-Infinity"]))
            }
        }
        let event = try #require(lines.contents.events.first as? RecordedEvent)
        #expect(event.tags == ["mode": "NaN", "limit": "Infinity"])
        #expect(event.fields["payload"] == ["name": "-Infinity"])
    }

    @Test("dictionaries with non-string keys export as valid JSON; their keys are data, never renamed")
    func nonStringKeys() throws {
        let lines = try export { dispatcher in
            dispatcher.event(
                KeyedEvent(
                    byRank: [1: "first", 2: "second"],
                    byScore: [0.5: "half"],
                    byRole: [.systemPrompt: 1],
                    byPoint: [KeyedEvent.Point(x: 1, y: 2): "a"]
                )
            )
        }
        let fields = try #require(lines.events.first)
        #expect(fields["by_rank"] as? [String: String] == ["1": "first", "2": "second"])
        #expect((fields["by_score"] as? [Any])?.count == 2, "keys that are not strings or ints: [key, value] pairs")
        #expect(fields["by_role"] as? [String: Int] == ["systemPrompt": 1])
        #expect(((fields["by_point"] as? [Any])?.first as? [String: Int]) == ["x": 1, "y": 2])
    }

    @Test("an event encoding through superEncoder() exports, whatever its coding keys")
    func superEncoder() throws {
        let lines = try export { dispatcher in
            dispatcher.event(InheritedPayloadEvent(payload: DerivedPayload(base: 1, derived: 2)))
        }
        let payload = try #require(lines.events.first?["payload"] as? [String: Any])
        #expect(payload["derived"] as? Int == 2)
        #expect((payload["super"] as? [String: Any])?["base"] as? Int == 1)
    }

    @Test("an event whose encoding throws exports its base fields and the error; the writer goes on")
    func eventWhoseEncodingThrows() throws {
        let lines = try export { dispatcher in
            dispatcher.event(UnencodableEvent())
        }
        let fields = try #require(lines.events.first)
        #expect(fields["class_name"] as? String == "UnencodableEvent")
        #expect((fields["encoding_error"] as? String)?.contains("cannot be encoded") == true)
    }

    @Test(
        "dates out of ISO 8601's range (NaN, infinite, year 10000 and later, before year 1) export as the nearest end"
    )
    func datesOutOfRange() throws {
        let lines = try export { dispatcher in
            dispatcher.event(
                DatedEvent(dates: [
                    Date(timeIntervalSince1970: .nan),
                    Date(timeIntervalSince1970: .infinity),
                    Date(timeIntervalSince1970: -.infinity),
                    Date(timeIntervalSince1970: 1e15),
                    Date(timeIntervalSince1970: -1e15),
                    Date.distantFuture,
                    Date.distantPast,
                ])
            )
        }
        let dates = try #require(lines.events.first?["dates"] as? [String])
        #expect(
            dates == [
                "0001-01-01T00:00:00.000000Z", "9999-12-31T23:59:59.999999Z", "0001-01-01T00:00:00.000000Z",
                "9999-12-31T23:59:59.999999Z", "0001-01-01T00:00:00.000000Z", "4001-01-01T00:00:00.000000Z",
                "0001-01-01T00:00:00.000000Z",
            ]
        )
        #expect(dates.allSatisfy { ISO8601Timestamp.parse($0) != nil })
    }

    // MARK: Helpers

    private func temporaryFile() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "llm-instrumentation-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("trace.jsonl")
    }

    /// Two good lines as the exporter writes them: an event, then the span it was emitted in.
    private func goodLines() throws -> [Data] {
        let url = try temporaryFile()
        let dispatcher = TestHierarchy().dispatcher("bad-input.good")
        let exporter = try JSONLinesExporter(url: url)
        exporter.install(on: dispatcher)
        dispatcher.span("good") { dispatcher.event(DocumentIndexedEvent(documentID: "good", chunkCount: 1)) }
        exporter.close()
        let lines = try Data(contentsOf: url).split(separator: UInt8(ascii: "\n")).map { Data($0) }
        try #require(lines.count == 2)
        try FileManager.default.removeItem(at: url)
        return lines
    }

    private func joined(_ lines: [Data]) -> Data {
        var data = Data()
        for (index, line) in lines.enumerated() {
            if index > 0 { data.append(UInt8(ascii: "\n")) }
            data.append(line)
        }
        return data
    }

    /// What an export wrote: each line parsed by `JSONSerialization` (all must be JSON objects),
    /// the events' lines among them, and the file read back with `JSONLinesReader`.
    private struct ExportedLines {
        var lines: [[String: Any]]
        var events: [[String: Any]]
        var contents: JSONLinesReader.Contents
    }

    /// Exports what `body` emits inside a span, then an event and a span after it, and checks that
    /// every line is a JSON object, that the reader reads everything, and that the records after
    /// the bad ones were written.
    private func export(_ body: (Dispatcher) -> Void) throws -> ExportedLines {
        let url = try temporaryFile()
        let dispatcher = TestHierarchy().dispatcher("bad-input.export")
        let exporter = try JSONLinesExporter(url: url)
        exporter.install(on: dispatcher)
        dispatcher.span("bad") { body(dispatcher) }
        dispatcher.span("after") { dispatcher.event(DocumentIndexedEvent(documentID: "after", chunkCount: 1)) }
        exporter.close()
        let data = try Data(contentsOf: url)
        try FileManager.default.removeItem(at: url)

        var lines: [[String: Any]] = []
        for line in data.split(separator: UInt8(ascii: "\n")) {
            let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            lines.append(
                try #require(
                    object,
                    "every line is a JSON object: \(String(decoding: line, as: UTF8.self).prefix(200))"
                )
            )
        }
        let contents = JSONLinesReader.read(data)
        #expect(contents.problems.isEmpty, "\(contents.problems)")
        #expect(contents.spans.map(\.name) == ["bad", "after"])
        let after = contents.events.compactMap { $0 as? RecordedEvent }.last
        #expect(after?.fields["document_id"] == "after", "the writer went on after the bad records")
        #expect(lines.count == contents.events.count + contents.spans.count)
        let events = lines.filter { $0["record"] as? String == "event" && $0["document_id"] == nil }
        return ExportedLines(lines: lines, events: events, contents: contents)
    }
}

/// An event carrying any JSON payload.
private struct PayloadEvent: Event {
    var payload: JSONValue
    var metadata = EventMetadata()
}

/// An event with number fields, readable back once registered.
private struct MeasurementEvent: Event, Decodable {
    static var className: String { "BadInputMeasurementEvent" }

    var score: Double
    var latency: Double
    var drift: Double
    var ratio: Float
    var optional: Double?
    var metadata = EventMetadata()

    init(score: Double, latency: Double, drift: Double, ratio: Float, optional: Double?) {
        self.score = score
        self.latency = latency
        self.drift = drift
        self.ratio = ratio
        self.optional = optional
    }

    private enum CodingKeys: String, CodingKey {
        case score, latency, drift, ratio, optional, metadata
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        score = try container.decode(Double.self, forKey: .score)
        latency = try container.decode(Double.self, forKey: .latency)
        drift = try container.decode(Double.self, forKey: .drift)
        ratio = try container.decode(Float.self, forKey: .ratio)
        optional = try container.decodeIfPresent(Double.self, forKey: .optional)
        metadata = try EventMetadata(flattenedIn: decoder)
    }
}

/// An event holding dictionaries whose keys are not strings.
private struct KeyedEvent: Event {
    enum Role: String, Codable, CodingKeyRepresentable, Sendable {
        case systemPrompt, user
    }

    struct Point: Hashable, Codable, Sendable {
        var x: Int
        var y: Int
    }

    var byRank: [Int: String]
    var byScore: [Double: String]
    var byRole: [Role: Int]
    var byPoint: [Point: String]
    var metadata = EventMetadata()
}

/// A class payload whose subclass encodes its superclass through `superEncoder()`.
private class BasePayload: Encodable, @unchecked Sendable {
    let base: Int

    init(base: Int) { self.base = base }

    private enum CodingKeys: String, CodingKey { case base }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(base, forKey: .base)
    }
}

private final class DerivedPayload: BasePayload, @unchecked Sendable {
    let derived: Int

    init(base: Int, derived: Int) {
        self.derived = derived
        super.init(base: base)
    }

    private enum CodingKeys: String, CodingKey { case derived }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(derived, forKey: .derived)
        try super.encode(to: container.superEncoder())
    }
}

private struct InheritedPayloadEvent: Event {
    var payload: DerivedPayload
    var metadata = EventMetadata()
}

/// An event whose encoding always fails.
private struct UnencodableEvent: Event {
    var metadata = EventMetadata()

    func encode(to encoder: any Encoder) throws {
        throw EncodingError.invalidValue(
            self,
            EncodingError.Context(codingPath: [], debugDescription: "this value cannot be encoded")
        )
    }
}

/// An event holding dates.
private struct DatedEvent: Event {
    var dates: [Date]
    var metadata = EventMetadata()
}

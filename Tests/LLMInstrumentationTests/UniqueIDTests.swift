import Foundation
import Testing

@testable import LLMInstrumentation

@Suite("Unique ids")
struct UniqueIDTests {
    @Test("the register hex formatter gives the same digits as String(radix: 16)")
    func hexDigitsMatchRadixFormatting() {
        var generator = SystemRandomNumberGenerator()
        let values: [UInt32] =
            [0, 1, 9, 10, 15, 0xABCD_EF01, 0x1234_5678, .max] + (0..<1000).map { _ in generator.next() }
        for value in values {
            let digits = withUnsafeBytes(of: UniqueID.hexDigits(value)) { String(decoding: $0, as: UTF8.self) }
            let expected = String(value, radix: 16)
            #expect(digits == String(repeating: "0", count: 8 - expected.count) + expected)
        }
    }

    @Test("ids are UUID-shaped, lower-case hex, distinct, and share the process suffix")
    func idsAreUUIDShaped() {
        let ids = (0..<10_000).map { _ in UniqueID.next() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(100) {
            let groups = id.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
            #expect(groups == [8, 4, 4, 4, 12])
            #expect(id.allSatisfy { $0 == "-" || $0.isHexDigit && !$0.isUppercase })
        }
        #expect(Set(ids.map { $0.suffix(17) }).count == 1)
    }

    @Test("span ids are the name, without argument labels, and a unique id")
    func spanIDsCarryTheName() {
        let id = SpanIDFormatter.makeID(name: "retrieve(query:topK:)", typeName: "Retriever")
        #expect(id.hasPrefix("Retriever.retrieve-"))
        #expect(id.count == "Retriever.retrieve-".count + UniqueID.formattedLength)
        #expect(SpanIDFormatter.makeID(name: "load", typeName: nil).hasPrefix("load-"))
    }

    @Test("ids taken on many threads at once, each from blocks of its own, are all distinct")
    func idsAreDistinctAcrossThreads() async {
        let perThread = 5_000
        let batches = await withTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<6 {
                group.addTask {
                    await onNewThread { (0..<perThread).map { _ in UniqueID.nextRaw() } }
                }
            }
            return await group.reduce(into: [[UInt64]]()) { $0.append($1) }
        }
        let all = batches.flatMap { $0 }
        #expect(all.count == 6 * perThread)
        #expect(Set(all).count == all.count)
        #expect(!all.contains(0))
    }

    @Test("a span id's text is made when read, and equal ids compare equal in either form")
    func spanIDsFormatLazily() {
        let id = SpanIDFormatter.makeSpanID(name: "retrieve(query:)", type: Int.self)
        #expect(id.text.hasPrefix("Int.retrieve-"))
        #expect(id.text == id.text)
        // Another test may have filled the name cache; a cached name carries the type's name.
        #expect(id.cachedTypeName == (id.hasCachedName ? "Int" : nil))
        let asText = SpanID(text: id.text)
        #expect(asText == id)
        #expect(asText.hashValue == id.hashValue)
        #expect(SpanID.none.isEmpty && SpanID.none.optionalText == nil)
        let plain = SpanIDFormatter.makeSpanID(name: "load", type: nil)
        #expect(plain.text.hasPrefix("load-"))
        #expect(plain.cachedTypeName == nil)
        #expect(plain != id)
    }

    @Test("more span names than the name cache holds still get right ids and type names")
    func spanNamesBeyondTheCache() {
        struct Probe {}
        for index in 0..<2_000 {
            let id = SpanIDFormatter.makeSpanID(name: "step\(index)(input:)", type: Probe.self)
            #expect(id.text.hasPrefix("Probe.step\(index)-"))
            let entry = SpanEntry(
                spanID: id,
                name: id.prefix,
                boundArguments: [:],
                storedTypeName: id.hasCachedName ? "" : "Probe",
                parentSpanID: .none,
                tags: [:],
                clock: .system
            )
            #expect(entry.instanceTypeName == "Probe")
            #expect(entry.id == id.text)
        }
    }
}

import Testing

@testable import LLMInstrumentation

@Suite("Unique ids")
struct UniqueIDTests {
    @Test("the register hex formatter gives the same digits as String(radix: 16)")
    func hexDigitsMatchRadixFormatting() {
        var generator = SystemRandomNumberGenerator()
        let values: [UInt32] = [0, 1, 9, 10, 15, 0xABCD_EF01, 0x1234_5678, .max] + (0..<1000).map { _ in generator.next() }
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
}

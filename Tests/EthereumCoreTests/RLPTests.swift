import Testing
@testable import EthereumCore

/// RLP against the examples in the Ethereum RLP specification
/// (https://ethereum.org/developers/docs/data-structures-and-encoding/rlp/) and the canonical-form rules.
@Suite struct RLPTests {
    static let lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit"

    @Test(arguments: [
        (RLP.bytes(Array("dog".utf8)), "0x83646f67"),
        (RLP.list([.bytes(Array("cat".utf8)), .bytes(Array("dog".utf8))]), "0xc88363617483646f67"),
        (RLP.bytes([]), "0x80"),
        (RLP.list([]), "0xc0"),
        (RLP.scalar(0), "0x80"),
        (RLP.bytes([0x00]), "0x00"),
        (RLP.bytes([0x0f]), "0x0f"),
        (RLP.scalar(15), "0x0f"),
        (RLP.scalar(1024), "0x820400"),
        (RLP.list([.list([]), .list([.list([])]), .list([.list([]), .list([.list([])])])]), "0xc7c0c1c0c3c0c1c0"),
        (RLP.bytes(Array(lorem.utf8)), "0xb838" + Hex.encode(Array(lorem.utf8), prefix: false)),
    ])
    func specExamples(item: RLP, encoding: String) throws {
        #expect(Hex.encode(item.encoded) == encoding)
        #expect(try RLP.decode(Hex.decode(encoding)) == item)
    }

    @Test func longListsUseTheLongForm() throws {
        let item = RLP.list(Array(repeating: .bytes(Array(repeating: 0xaa, count: 100)), count: 700))
        let encoded = item.encoded
        #expect(encoded.prefix(4) == [0xfa, 0x01, 0x16, 0xe8])  // 0xf7 + 3, then 71 400 = 700 × 102 as 0x0116e8
        #expect(try RLP.decode(encoded) == item)
    }

    @Test(arguments: [
        ("0x8100", "single byte below 0x80"),
        ("0x817f", "single byte below 0x80"),
        ("0xb800", "leading zero"),  // long form, length has a leading zero
        ("0xb80100", "long form for a 1-byte payload"),
        ("0xf80100", "long form for a 1-byte payload"),
        ("0x83646f", "truncated"),
        ("0x83646f6700", "trailing"),
        ("0xc3646f", "truncated"),
        ("0xc283646f67", "past the list"),
        ("0x", "truncated"),
    ])
    func rejectsNonCanonicalOrMalformed(hex: String, reasonFragment: String) throws {
        let input = try Hex.decode(hex)
        do {
            _ = try RLP.decode(input)
            Issue.record("accepted \(hex)")
        } catch {
            #expect(error.code == .invalidRLP)
            #expect(error.reason.contains(reasonFragment), "\(hex): \(error.reason)")
        }
    }

    @Test func scalarsMustBeCanonical() throws {
        #expect(throws: EthereumCoreError(.invalidRLP, "")) { try RLP.bytes([0, 1]).scalar(field: "nonce") }
        #expect(try RLP.bytes([1, 0]).scalar(field: "nonce") == UInt256(256))
        #expect(try RLP.bytes([]).uint64(field: "nonce") == 0)
        #expect(throws: EthereumCoreError(.invalidRLP, "")) { try RLP.bytes(Array(repeating: 1, count: 9)).uint64(field: "gas") }
    }
}

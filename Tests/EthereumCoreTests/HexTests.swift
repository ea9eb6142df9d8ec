import Testing
@testable import EthereumCore

@Suite struct HexTests {
    @Test func roundTripsWithAndWithoutPrefix() throws {
        #expect(try Hex.decode("0x00ff10") == [0x00, 0xff, 0x10])
        #expect(try Hex.decode("00FF10") == [0x00, 0xff, 0x10])
        #expect(try Hex.decode("0X") == [])
        #expect(Hex.encode([0xde, 0xad]) == "0xdead")
        #expect(Hex.encode([0xde, 0xad], prefix: false) == "dead")
    }

    @Test func rejectsOddLengthAndBadCharacters() {
        #expect(throws: HexError(reason: "odd number of hex digits (3)")) { try Hex.decode("0xabc") }
        #expect(throws: HexError(reason: "invalid hex character at offset 3")) { try Hex.decode("0x0g") }
        #expect(throws: HexError(reason: "expected 2 bytes, got 1")) { try Hex.decode("aa", count: 2) }
    }
}

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
        for (text, count, reason) in [("0xabc", nil, "odd number of hex digits (3)"), ("0x0g", nil, "invalid hex character at offset 3"),
                                      ("aa", 2, "expected 2 bytes, got 1")] {
            let error = #expect(throws: EthereumCoreError.self) { _ = try count.map { try Hex.decode(text, count: $0) } ?? Hex.decode(text) }
            #expect(error?.code == .invalidHex && error?.reason == reason, "\(String(describing: error))")
        }
    }
}

import Testing
@testable import EthereumCore

/// Keccak-256 against the Keccak team's published values (empty string, "abc") and block edges.
@Suite struct KeccakTests {
    @Test(arguments: [
        ("", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
        ("abc", "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
    ])
    func knownDigests(message: String, digest: String) {
        #expect(Hex.encode(Keccak256.hash(Array(message.utf8))) == digest)
    }

    @Test func isNotSHA3() {
        // SHA3-256("") = a7ffc6f8…; Keccak-256 differs only in the padding's domain byte.
        #expect(Hex.encode(Keccak256.hash([])) != "0xa7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")
    }

    @Test func streamingMatchesOneShotAcrossBlockBoundaries() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for split in [0, 1, 135, 136, 137, 272, 500, 1000] {
            for length in [split, 1000] where length >= split {
                var h = Keccak256()
                h.update(data[0..<split])
                h.update(data[split..<length])
                #expect(h.finalize() == Keccak256.hash(data[0..<length]), "split \(split), length \(length)")
            }
        }
    }
}

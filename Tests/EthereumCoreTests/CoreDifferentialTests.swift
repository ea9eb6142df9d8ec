import TestSupport
import Testing
@testable import EthereumCore

/// EthereumCore against pycryptodome (Keccak-256), pyrlp (RLP) and eth-utils (EIP-55) on random input.
@Suite struct CoreDifferentialTests {
    struct Request: Encodable {
        var keccak: [String] = []
        var rlp: [Nested] = []
        var addresses: [String] = []
    }
    struct Response: Decodable {
        var keccak: [String]
        var rlp: [String]
        var addresses: [String]
    }
    /// A JSON value that is either a hex string (bytes) or a list.
    indirect enum Nested: Encodable {
        case bytes(String)
        case list([Nested])
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .bytes(let s): try c.encode(s)
            case .list(let l): try c.encode(l)
            }
        }
    }

    static func randomBytes(_ n: Int, _ rng: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    static func randomItem(depth: Int, _ rng: inout some RandomNumberGenerator) -> (RLP, Nested) {
        if depth > 3 || Bool.random(using: &rng) {
            // Lengths around the 1-byte, 55/56-byte and 2-byte-length boundaries.
            let n = [0, 1, 1, 2, 55, 56, 57, 255, 256, 1100].randomElement(using: &rng)!
            var b = randomBytes(n, &rng)
            if n == 1, Bool.random(using: &rng) { b[0] &= 0x7f }
            return (.bytes(b), .bytes(Hex.encode(b, prefix: false)))
        }
        let items = (0..<Int.random(in: 0...6, using: &rng)).map { _ in randomItem(depth: depth + 1, &rng) }
        return (.list(items.map(\.0)), .list(items.map(\.1)))
    }

    @Test func matchesPythonReferences() throws {
        var rng = SystemRandomNumberGenerator()
        var request = Request()
        var messages: [[UInt8]] = [], items: [RLP] = [], addresses: [[UInt8]] = []
        for i in 0..<500 {
            let m = Self.randomBytes(i < 300 ? i : Int.random(in: 0...5000, using: &rng), &rng)
            messages.append(m)
            request.keccak.append(Hex.encode(m, prefix: false))
            let (item, nested) = Self.randomItem(depth: 0, &rng)
            items.append(item)
            request.rlp.append(nested)
            let a = Self.randomBytes(20, &rng)
            addresses.append(a)
            request.addresses.append(Hex.encode(a, prefix: false))
        }
        let response = try PythonReference.run("core_reference.py", request, as: Response.self)
        for i in messages.indices {
            #expect(Hex.encode(Keccak256.hash(messages[i]), prefix: false) == response.keccak[i], "keccak, \(messages[i].count) bytes")
            #expect(Hex.encode(items[i].encoded, prefix: false) == response.rlp[i])
            #expect(try RLP.decode(Hex.decode(response.rlp[i])) == items[i])
            let address = try Address(bytes: addresses[i])
            #expect(address.description == response.addresses[i])
            #expect(try Address(response.addresses[i]) == address)
        }
    }
}

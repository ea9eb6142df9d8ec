@testable import BLS12381
import TestSupport
import Foundation
import Testing

/// ethereum/bls12-381-tests v0.1.2 (../shared/vectors/bls12-381-tests): every file of every handler.
/// A parse failure of an input counts as the Ethereum "invalid" outcome (null or false).
@Suite struct EthereumVectorTests {
    private func cases(_ handler: String) throws -> [(name: String, input: Any, output: Any)] {
        try Vectors.files(in: "bls12-381-tests/\(handler)").map { url in
            let object = try #require(try Vectors.json(url) as? [String: Any])
            return (url.lastPathComponent, try #require(object["input"]), object["output"] ?? NSNull())
        }
    }

    private func expectedBytes(_ output: Any) throws -> [UInt8]? {
        output is NSNull ? nil : try hex(output)
    }

    @Test func sign() throws {
        let all = try cases("sign")
        #expect(all.count == 10)
        for c in all {
            let input = try #require(c.input as? [String: Any])
            let produced = try? SecretKey(bytes: try hex(input["privkey"])).sign(try hex(input["message"])).compressed
            #expect(produced == (try expectedBytes(c.output)), "\(c.name)")
        }
    }

    @Test func verify() throws {
        let all = try cases("verify")
        #expect(all.count == 29)
        for c in all {
            let input = try #require(c.input as? [String: Any])
            let valid: Bool
            if let pk = try? PublicKey(bytes: try hex(input["pubkey"])),
               let sig = try? Signature(bytes: try hex(input["signature"])) {
                valid = BLS.verify(publicKey: pk, message: try hex(input["message"]), signature: sig)
            } else {
                valid = false
            }
            #expect(valid == (c.output as? Bool), "\(c.name)")
        }
    }

    @Test func aggregate() throws {
        let all = try cases("aggregate")
        #expect(all.count == 6)
        for c in all {
            let inputs = try #require(c.input as? [Any])
            let produced = try? BLS.aggregate(inputs.map { try Signature(bytes: try hex($0)) }).compressed
            #expect(produced == (try expectedBytes(c.output)), "\(c.name)")
        }
    }

    @Test func aggregateVerify() throws {
        let all = try cases("aggregate_verify")
        #expect(all.count == 5)
        for c in all {
            let input = try #require(c.input as? [String: Any])
            let valid: Bool
            if let pks = try? (input["pubkeys"] as? [Any] ?? []).map({ try PublicKey(bytes: try hex($0)) }),
               let sig = try? Signature(bytes: try hex(input["signature"])) {
                let messages = try (input["messages"] as? [Any] ?? []).map { try hex($0) }
                valid = BLS.aggregateVerify(publicKeys: pks, messages: messages, signature: sig)
            } else {
                valid = false
            }
            #expect(valid == (c.output as? Bool), "\(c.name)")
        }
    }

    @Test func fastAggregateVerify() throws {
        let all = try cases("fast_aggregate_verify")
        #expect(all.count == 12)
        for c in all {
            let input = try #require(c.input as? [String: Any])
            let valid: Bool
            if let pks = try? (input["pubkeys"] as? [Any] ?? []).map({ try PublicKey(bytes: try hex($0)) }),
               let sig = try? Signature(bytes: try hex(input["signature"])) {
                valid = BLS.fastAggregateVerify(publicKeys: pks, message: try hex(input["message"]), signature: sig)
            } else {
                valid = false
            }
            #expect(valid == (c.output as? Bool), "\(c.name)")
        }
    }

    @Test func batchVerify() throws {
        let all = try cases("batch_verify")
        #expect(all.count == 4)
        for c in all {
            let input = try #require(c.input as? [String: Any])
            let valid: Bool
            if let pks = try? (input["pubkeys"] as? [Any] ?? []).map({ try PublicKey(bytes: try hex($0)) }),
               let sigs = try? (input["signatures"] as? [Any] ?? []).map({ try Signature(bytes: try hex($0)) }) {
                let messages = try (input["messages"] as? [Any] ?? []).map { try hex($0) }
                let items = zip(zip(pks, messages), sigs).map { BLS.BatchItem(publicKey: $0.0, message: $0.1, signature: $1) }
                valid = pks.count == messages.count && pks.count == sigs.count && BLS.batchVerify(items)
            } else {
                valid = false
            }
            #expect(valid == (c.output as? Bool), "\(c.name)")
        }
    }

    @Test func deserializationG1() throws {
        let all = try cases("deserialization_G1")
        #expect(all.count == 13)
        for c in all {
            let input = try #require(c.input as? [String: Any])
            let decoded = (try? G1Point(encoded: try hex(input["pubkey"]))) != nil
            #expect(decoded == (c.output as? Bool), "\(c.name)")
        }
    }

    @Test func deserializationG2() throws {
        let all = try cases("deserialization_G2")
        #expect(all.count == 15)
        for c in all {
            let input = try #require(c.input as? [String: Any])
            let decoded = (try? Signature(bytes: try hex(input["signature"]))) != nil
            #expect(decoded == (c.output as? Bool), "\(c.name)")
        }
    }

    @Test func hashToG2() throws {
        let all = try cases("hash_to_G2")
        #expect(all.count == 4)
        let dst = Array("QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_".utf8)
        for c in all {
            let input = try #require(c.input as? [String: Any])
            let output = try #require(c.output as? [String: String])
            let msg = Array(try #require(input["msg"] as? String).utf8)
            let (x, y, _) = HashToG2.hash(msg, dst: dst).toAffine()
            #expect(try fp2(output["x"]).constantTimeEquals(x).isTrue, "\(c.name)")
            #expect(try fp2(output["y"]).constantTimeEquals(y).isTrue, "\(c.name)")
        }
    }
}

/// Parses an Fp2 written "0x<c0>,0x<c1>".
func fp2(_ value: String?) throws -> Fp2 {
    let parts = try #require(value).split(separator: ",").map(String.init)
    try #require(parts.count == 2)
    func element(_ text: String) throws -> Fp {
        var bytes = try hex(text)
        bytes = [UInt8](repeating: 0, count: max(0, 48 - bytes.count)) + bytes
        return try #require(Fp.fromBigEndian(bytes))
    }
    return Fp2(c0: try element(parts[0]), c1: try element(parts[1]))
}

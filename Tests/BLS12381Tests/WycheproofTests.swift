@testable import BLS12381
import TestSupport
import Testing

/// C2SP Wycheproof BLS files (../shared/vectors/wycheproof/testvectors_v1): POP and basic (NUL)
/// signature verification, basic-scheme aggregate verification, and hash_to_G2.
/// "acceptable" results are not expected in these files; any would fail the test loudly.
@Suite struct WycheproofTests {
    private func suite(_ name: String) throws -> [String: Any] {
        try #require(try Vectors.json("wycheproof/testvectors_v1/\(name)") as? [String: Any])
    }

    private func expectedValidity(_ test: [String: Any]) throws -> Bool {
        let result = try #require(test["result"] as? String)
        try #require(result == "valid" || result == "invalid", "unexpected result kind \(result)")
        return result == "valid"
    }

    @Test(arguments: ["bls_sig_g2_pop_verify_test.json", "bls_sig_g2_basic_verify_test.json"])
    func signatureVerification(file: String) throws {
        let s = try suite(file)
        var count = 0
        for group in try #require(s["testGroups"] as? [[String: Any]]) {
            let ciphersuite = s["ciphersuite"] as? String ?? group["ciphersuite"] as? String
            let dst = Array(try #require(ciphersuite).utf8)
            let key = try #require(group["publicKey"] as? [String: Any])
            let pk = try? PublicKey(bytes: try hex(key["pk"]))
            for test in try #require(group["tests"] as? [[String: Any]]) {
                count += 1
                var valid = false
                if let pk, let sig = try? Signature(bytes: try hex(test["sig"])) {
                    valid = BLS.coreVerify(publicKey: pk, message: try hex(test["msg"]), signature: sig, dst: dst)
                }
                #expect(valid == (try expectedValidity(test)), "tcId \(test["tcId"] ?? "?"): \(test["comment"] ?? "")")
            }
        }
        #expect(count == (s["numberOfTests"] as? Int))
    }

    @Test func aggregateVerificationBasicScheme() throws {
        let s = try suite("bls_sig_g2_aggregate_verify_test.json")
        var count = 0
        for group in try #require(s["testGroups"] as? [[String: Any]]) {
            let dst = Array(try #require(group["ciphersuite"] as? String).utf8)
            for test in try #require(group["tests"] as? [[String: Any]]) {
                count += 1
                var valid = false
                if let pks = try? (test["pubkeys"] as? [Any] ?? []).map({ try PublicKey(bytes: try hex($0)) }),
                   let sig = try? Signature(bytes: try hex(test["sig"])) {
                    let messages = try (test["messages"] as? [Any] ?? []).map { try hex($0) }
                    // The basic scheme requires distinct messages (draft-irtf-cfrg-bls-signature-05, 3.1.1).
                    let distinct = Set(messages).count == messages.count
                    valid = distinct && BLS.coreAggregateVerify(publicKeys: pks, messages: messages, signature: sig, dst: dst)
                }
                #expect(valid == (try expectedValidity(test)), "tcId \(test["tcId"] ?? "?"): \(test["comment"] ?? "")")
            }
        }
        #expect(count == (s["numberOfTests"] as? Int))
    }

    @Test func hashToG2() throws {
        let s = try suite("bls_hash_to_g2_test.json")
        var count = 0
        for group in try #require(s["testGroups"] as? [[String: Any]]) {
            let dst = Array(try #require(group["dst"] as? String).utf8)
            for test in try #require(group["tests"] as? [[String: Any]]) {
                count += 1
                let produced = HashToG2.hash(try hex(test["msg"]), dst: dst).encoded()
                let matches = produced == (try hex(test["expected"]))
                #expect(matches == (try expectedValidity(test)), "tcId \(test["tcId"] ?? "?"): \(test["comment"] ?? "")")
            }
        }
        #expect(count == (s["numberOfTests"] as? Int))
    }
}

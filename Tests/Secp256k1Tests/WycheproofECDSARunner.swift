import TestSupport
import Crypto
import Foundation
import Testing
@testable import Secp256k1

/// Wycheproof ECDSA secp256k1 / SHA-256 (C2SP/wycheproof, testvectors_v1; see vectors/wycheproof/SOURCE.md).
///
/// Plain file: a signature is valid when it is strict DER and verifies as textbook ECDSA (high s
/// allowed, so we normalise first). Bitcoin file: additionally high s is invalid, which is exactly
/// libsecp256k1's (and EIP-2's) rule.
@Suite struct WycheproofECDSARunner {
    struct File: Decodable {
        let algorithm: String
        let numberOfTests: Int
        let testGroups: [Group]
    }
    struct Group: Decodable {
        let publicKey: Key
        let publicKeyDer: String
        let sha: String
        let tests: [Case]
    }
    struct Key: Decodable {
        let uncompressed: String
    }
    struct Case: Decodable {
        let tcId: Int
        let comment: String
        let msg: String
        let sig: String
        let result: String
    }

    @Test(arguments: [
        ("ecdsa_secp256k1_sha256_test.json", false),
        ("ecdsa_secp256k1_sha256_bitcoin_test.json", true),
    ])
    func wycheproof(file: String, lowSOnly: Bool) throws {
        let data = try Vectors.data("wycheproof/testvectors_v1/\(file)")
        let vectors = try JSONDecoder().decode(File.self, from: data)
        var count = 0
        for group in vectors.testGroups {
            #expect(group.sha == "SHA-256")
            let key = try PublicKey(sec1: hexBytes(group.publicKey.uncompressed))
            #expect(try PublicKey(derSubjectPublicKeyInfo: hexBytes(group.publicKeyDer)) == key)
            for test in group.tests {
                count += 1
                let digest = Array(SHA256.hash(data: hexBytes(test.msg)))
                var accepted = false
                if let sig = try? ECDSASignature(derEncoded: hexBytes(test.sig)) {
                    accepted = key.isValidSignature(lowSOnly ? sig : sig.lowSNormalized, forDigest: digest)
                    if accepted { #expect(sig.derEncoded == hexBytes(test.sig), "tcId \(test.tcId): DER round trip") }
                }
                #expect(test.result != "acceptable", "tcId \(test.tcId): unexpected 'acceptable' result")
                #expect(accepted == (test.result == "valid"), "tcId \(test.tcId) (\(test.comment)): expected \(test.result)")
            }
        }
        #expect(count == vectors.numberOfTests)
    }
}

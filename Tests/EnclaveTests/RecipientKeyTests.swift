import _CryptoExtras
import Enclave
import Foundation
import SwiftASN1
import Testing

/// The per-boot recipient key: its SubjectPublicKeyInfo, freshness, and that it shows nothing.
@Suite struct RecipientKeyTests {
    /// SubjectPublicKeyInfo ::= SEQUENCE { algorithm { rsaEncryption, NULL }, subjectPublicKey BIT STRING }
    /// (RFC 5280 §4.1.2.7, RFC 3279 §2.3.1), for a 2048-bit modulus.
    @Test func subjectPublicKeyInfoIsRSA2048() throws {
        let key = try RecipientKey()
        let spki = key.subjectPublicKeyInfo
        #expect(spki.count == 294)
        let publicKey = try _RSA.Encryption.PublicKey(derRepresentation: spki)
        #expect(publicKey.keySizeInBits == 2048)
        let root = try DER.parse(spki)
        let algorithm = try DER.sequence(root, identifier: .sequence) { nodes in
            let algorithm = try DER.sequence(nodes.next().unwrap(), identifier: .sequence) { inner in
                let oid = try ASN1ObjectIdentifier(derEncoded: &inner)
                _ = try ASN1Null(derEncoded: &inner)
                return oid
            }
            _ = try ASN1BitString(derEncoded: &nodes)
            return algorithm
        }
        let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 1]
        #expect(algorithm == rsaEncryption)
    }

    @Test func eachKeyIsFresh() throws {
        let first = try RecipientKey(), second = try RecipientKey()
        #expect(first.subjectPublicKeyInfo != second.subjectPublicKeyInfo)
    }

    /// `print`, `String(reflecting:)` and `dump` show the type's name and nothing of the key.
    @Test func showsNothingOfTheKey() throws {
        let key = try RecipientKey()
        #expect(String(describing: key) == "Enclave.RecipientKey")
        #expect(String(reflecting: key) == "Enclave.RecipientKey")
        var dumped = ""
        dump(key, to: &dumped)
        #expect(dumped == "- Enclave.RecipientKey #0\n", "\(dumped)")
        #expect(Mirror(reflecting: key).children.isEmpty)
    }
}

extension Optional {
    fileprivate func unwrap() throws -> Wrapped {
        guard let self else { throw ASN1Error.invalidASN1Object(reason: "missing element") }
        return self
    }
}

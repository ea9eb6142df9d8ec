import Crypto
import Enclave
import Foundation
import TestSupport
import Testing

/// Differential tests against `Python/cms_reference.py` (`cryptography` + `asn1crypto`): envelopes
/// built independently, in KMS's BER shape and in other legal encodings, decrypt to the plaintext
/// they were made from.
@Suite struct CiphertextForRecipientReferenceTests {
    /// Every plaintext size from 0 to 100 bytes, and 32-byte data keys, in each encoding with
    /// random chunk sizes.
    @Test func decryptsWhatTheReferenceBuilds() throws {
        let key = try RecipientKey()
        var rng = TestSeed.rng(try TestSeed.value(), for: "CiphertextForRecipientReferenceTests.decryptsWhatTheReferenceBuilds")
        var plaintexts: [[UInt8]] = (0...100).map { count in (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        plaintexts += (0..<8).map { _ in (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        var cases: [CMSReference.Case] = []
        for plaintext in plaintexts {
            for form in CMSReference.Form.allCases {
                cases.append(.init(plaintext: plaintext, form: form, chunk: [1, 3, 16, 17, 1024].randomElement(using: &rng) ?? 1024))
            }
        }
        let envelopes = try CMSReference.envelopes(to: key, cases)
        for (i, envelope) in envelopes.enumerated() {
            let expected = hexBytes(cases[i].plaintext)
            do {
                let plaintext = try key.decrypt(ciphertextForRecipient: envelope)
                #expect(plaintext.testBytes == expected, "case \(i): \(cases[i].form) chunk \(cases[i].chunk), \(expected.count) bytes")
            } catch {
                Issue.record("case \(i): \(cases[i].form) chunk \(cases[i].chunk), \(expected.count) bytes: \(error)")
            }
        }
    }

    /// The largest KMS plaintext (4096 bytes) and a few large ones, in KMS's BER shape and as DER.
    @Test func decryptsLargePlaintexts() throws {
        let key = try RecipientKey()
        let plaintexts: [[UInt8]] = [1000, 4095, 4096, 4111].map { count in (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) } }
        let cases = plaintexts.flatMap { [CMSReference.Case(plaintext: $0, form: .ber, chunk: 1000), .init(plaintext: $0, form: .der)] }
        let envelopes = try CMSReference.envelopes(to: key, cases)
        for (i, envelope) in envelopes.enumerated() {
            let plaintext = try key.decrypt(ciphertextForRecipient: envelope)
            #expect(plaintext.testBytes == hexBytes(cases[i].plaintext), "case \(i)")
        }
    }

    /// Legal variations KMS does not send but RFC 4055 and RFC 8017 allow: id-sha256 without its NULL
    /// parameter, and the empty label written out as id-pSpecified.
    @Test func acceptsEquivalentOAEPParameterEncodings() throws {
        let key = try RecipientKey()
        let plaintext: [UInt8] = Array("a 32-byte data key, or so it is!".utf8)
        let cases: [CMSReference.Case] = [
            .init(plaintext: plaintext, variant: .init(hash_params_absent: true)),
            .init(plaintext: plaintext, variant: .init(explicit_empty_label: true)),
            .init(plaintext: plaintext, form: .berAll, chunk: 5, variant: .init(hash_params_absent: true, explicit_empty_label: true)),
        ]
        for (i, envelope) in try CMSReference.envelopes(to: key, cases).enumerated() {
            #expect(try key.decrypt(ciphertextForRecipient: envelope).testBytes == plaintext, "case \(i)")
        }
    }

    /// The parsed fields of a KMS-shaped envelope: the recipient identifier KMS uses (SHA-256 of the
    /// SubjectPublicKeyInfo), a 256-byte encrypted key, a 16-byte IV and whole blocks of content.
    @Test func parsesTheFieldsOfAKMSShapedEnvelope() throws {
        let key = try RecipientKey()
        let plaintext = [UInt8](repeating: 0x5a, count: 32)
        let envelopes = try CMSReference.envelopes(to: key, [.init(plaintext: plaintext, form: .ber, chunk: 16)])
        let envelope = try #require(envelopes.first)
        // KMS's layout: SEQUENCE, OID, [0], SEQUENCE, all indefinite, then version 2.
        let head = Array(envelope.prefix(4))
        #expect(head == [0x30, 0x80, 0x06, 0x09])
        let parsed = try EnvelopedData(ciphertextForRecipient: envelope)
        #expect(parsed.recipientKeyIdentifier == Array(SHA256.hash(data: key.subjectPublicKeyInfo)))
        #expect(parsed.encryptedKey.count == 256)
        #expect(parsed.iv.count == 16)
        #expect(parsed.encryptedContent.count == 48)
    }
}

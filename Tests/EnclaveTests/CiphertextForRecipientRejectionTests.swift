import Enclave
import Foundation
import Secrets
import TestSupport
import Testing

/// Envelopes that differ from KMS's in one checked field, built by `Python/cms_reference.py`: each is
/// refused with the error for that check, in KMS's BER shape and as DER.
@Suite struct CiphertextForRecipientRejectionTests {
    struct Rejection: Sendable {
        let name: String
        let variant: CMSReference.Variant
        let code: EnclaveError.Code
        /// Words the reason must contain (the field that failed).
        let reason: String
        var plaintextCount = 32
    }

    typealias Variant = CMSReference.Variant

    static let rejections: [Rejection] = [
        .init(name: "content type id-data", variant: Variant(content_type: "1.2.840.113549.1.7.1"), code: .unexpectedContentType, reason: "ContentInfo.contentType"),
        .init(name: "content type id-signedData", variant: Variant(content_type: "1.2.840.113549.1.7.2"), code: .unexpectedContentType, reason: "ContentInfo.contentType"),
        .init(name: "encrypted content type", variant: Variant(encrypted_content_type: "1.2.840.113549.1.7.2"), code: .unexpectedContentType, reason: "EncryptedContentInfo.contentType"),
        .init(name: "key transport rsaEncryption", variant: Variant(key_transport: "1.2.840.113549.1.1.1"), code: .unsupportedKeyTransport, reason: "id-RSAES-OAEP"),
        .init(name: "OAEP with SHA-1", variant: Variant(oaep_hash: "sha1", oaep_mgf_hash: "sha1"), code: .unsupportedKeyTransport, reason: "hashFunc"),
        .init(name: "OAEP with SHA-384", variant: Variant(oaep_hash: "sha384"), code: .unsupportedKeyTransport, reason: "hashFunc"),
        .init(name: "MGF1 with SHA-1", variant: Variant(oaep_mgf_hash: "sha1"), code: .unsupportedKeyTransport, reason: "maskGenFunc"),
        .init(name: "OAEP parameters absent", variant: Variant(oaep_params_absent: true), code: .unsupportedKeyTransport, reason: "RSAES-OAEP-params"),
        .init(name: "OAEP label", variant: Variant(oaep_label: "0102"), code: .unsupportedKeyTransport, reason: "pSourceFunc"),
        .init(name: "AES-128-CBC", variant: Variant(content_encryption: "2.16.840.1.101.3.4.1.2"), code: .unsupportedContentEncryption, reason: "id-aes256-CBC"),
        .init(name: "AES-256-GCM", variant: Variant(content_encryption: "2.16.840.1.101.3.4.1.46"), code: .unsupportedContentEncryption, reason: "id-aes256-CBC"),
        .init(name: "12-byte IV", variant: Variant(iv_length: 12), code: .invalidIV, reason: "12 bytes"),
        .init(name: "empty IV", variant: Variant(iv_length: 0), code: .invalidIV, reason: "0 bytes"),
        .init(name: "17-byte IV", variant: Variant(iv_length: 17), code: .invalidIV, reason: "17 bytes"),
        .init(name: "EnvelopedData version 0", variant: Variant(version: 0), code: .unsupportedVersion, reason: "EnvelopedData.version"),
        .init(name: "EnvelopedData version 3", variant: Variant(version: 3), code: .unsupportedVersion, reason: "EnvelopedData.version"),
        .init(name: "KeyTransRecipientInfo version 0", variant: Variant(ktri_version: 0), code: .unsupportedVersion, reason: "KeyTransRecipientInfo.version"),
        .init(name: "second recipient", variant: Variant(second_recipient: true), code: .recipientCount, reason: "2 recipients"),
        .init(name: "unprotected attributes", variant: Variant(unprotected_attrs: true), code: .malformed, reason: "unprotectedAttrs"),
        .init(name: "padding byte 0", variant: Variant(bad_padding: "zero"), code: .badPadding, reason: "PKCS#7"),
        .init(name: "padding byte 17", variant: Variant(bad_padding: "long"), code: .badPadding, reason: "PKCS#7"),
        .init(name: "inconsistent padding", variant: Variant(bad_padding: "inconsistent"), code: .badPadding, reason: "PKCS#7"),
        .init(name: "inconsistent padding, 5 bytes", variant: Variant(bad_padding: "inconsistent"), code: .badPadding, reason: "PKCS#7", plaintextCount: 5),
        .init(name: "inconsistent one-byte padding", variant: Variant(bad_padding: "inconsistent"), code: .badPadding, reason: "PKCS#7", plaintextCount: 31),
        .init(name: "trailing zero byte", variant: Variant(trailing: "00"), code: .malformed, reason: "Trailing"),
        .init(name: "trailing end-of-contents", variant: Variant(trailing: "0000"), code: .malformed, reason: "Trailing"),
        .init(name: "trailing element", variant: Variant(trailing: "0500"), code: .malformed, reason: "Trailing"),
    ]

    @Test func eachWrongFieldIsRefusedByItsCheck() throws {
        let key = try RecipientKey()
        var cases: [CMSReference.Case] = [], expected: [(Rejection, CMSReference.Form)] = []
        for rejection in Self.rejections {
            for form in [CMSReference.Form.ber, .der] {
                let plaintext = [UInt8](repeating: 0x42, count: rejection.plaintextCount)
                cases.append(.init(plaintext: plaintext, form: form, chunk: 16, variant: rejection.variant))
                expected.append((rejection, form))
            }
        }
        let envelopes = try CMSReference.envelopes(to: key, cases)
        for (envelope, (rejection, form)) in zip(envelopes, expected) {
            do throws(EnclaveError) {
                _ = try key.decrypt(ciphertextForRecipient: envelope)
                Issue.record("\(rejection.name) (\(form)): accepted")
            } catch {
                #expect(error.code == rejection.code, "\(rejection.name) (\(form)): \(error)")
                #expect(error.reason.contains(rejection.reason), "\(rejection.name) (\(form)): \(error)")
            }
        }
    }

    /// An envelope for another recipient key: the unwrap fails, and the reason says the identifier is
    /// not this key's.
    @Test func ciphertextForAnotherKeyIsRefused() throws {
        let ours = try RecipientKey(), theirs = try RecipientKey()
        let envelopes = try CMSReference.envelopes(to: theirs, [.init(plaintext: Array(repeating: 7, count: 32)), .init(plaintext: [], form: .der)])
        for envelope in envelopes {
            #expect(try theirs.decrypt(ciphertextForRecipient: envelope).count <= 32)
            do throws(EnclaveError) {
                _ = try ours.decrypt(ciphertextForRecipient: envelope)
                Issue.record("decrypted with the wrong key")
            } catch {
                #expect(error.code == .keyUnwrap, "\(error)")
                #expect(error.reason.contains("not the SHA-256 of this key's SubjectPublicKeyInfo"), "\(error)")
            }
        }
    }
}

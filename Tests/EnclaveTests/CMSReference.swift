import Enclave
import Foundation
import Secrets
import TestSupport

/// The independent envelope builder, `Python/cms_reference.py` (`cryptography` + `asn1crypto`): KMS-shaped
/// `CiphertextForRecipient` for a recipient's SubjectPublicKeyInfo, as BER or DER, or deliberately wrong.
enum CMSReference {
    /// How the envelope is laid out (see the script): KMS's BER, definite DER, BER with every node
    /// indefinite and every OCTET STRING chunked, or definite lengths in non-minimal long form.
    enum Form: String, Encodable, CaseIterable, Sendable {
        case der, ber, berAll = "ber-all", berLong = "ber-long"
    }

    /// A deliberate change from KMS's shape (all optional; snake_case as the script reads them).
    struct Variant: Encodable, Sendable {
        var content_type: String?
        var encrypted_content_type: String?
        var key_transport: String?
        var content_encryption: String?
        var oaep_hash: String?
        var oaep_mgf_hash: String?
        var oaep_params_absent: Bool?
        var hash_params_absent: Bool?
        var explicit_empty_label: Bool?
        var oaep_label: String?
        var iv_length: Int?
        var version: Int?
        var ktri_version: Int?
        var second_recipient: Bool?
        var unprotected_attrs: Bool?
        var bad_padding: String?
        var trailing: String?
    }

    struct Case: Encodable, Sendable {
        var plaintext: String
        var form: Form
        var chunk: Int
        var variant: Variant?

        init(plaintext: [UInt8], form: Form = .ber, chunk: Int = 1024, variant: Variant? = nil) {
            self.plaintext = hexString(plaintext)
            self.form = form
            self.chunk = chunk
            self.variant = variant
        }
    }

    private struct Request: Encodable {
        let spki: String
        let cases: [Case]
    }

    private struct Response: Decodable {
        let results: [String]
    }

    struct CountMismatch: Error {
        let cases: Int
        let results: Int
    }

    /// One envelope per case, encrypted to `recipient`. Throws (never skips) when python3,
    /// `cryptography` or `asn1crypto` is missing.
    static func envelopes(to recipient: RecipientKey, _ cases: [Case]) throws -> [[UInt8]] {
        let request = Request(spki: hexString(recipient.subjectPublicKeyInfo), cases: cases)
        let response = try PythonReference.run("cms_reference.py", request, as: Response.self)
        guard response.results.count == cases.count else {
            throw CountMismatch(cases: cases.count, results: response.results.count)
        }
        return response.results.map(hexBytes)
    }
}

extension SecretBytes {
    /// A copy of the bytes, for comparison in tests only.
    var testBytes: [UInt8] { withUnsafeBytes { Array($0) } }
}

/// KMS's `CiphertextForRecipient`, parsed and checked: a CMS `ContentInfo` holding `EnvelopedData`
/// (RFC 5652 §3, §6.1) with one `KeyTransRecipientInfo` (§6.2.1) whose content-encryption key is
/// wrapped with RSAES-OAEP (RFC 3560, RFC 8017 §7.1), and content encrypted with AES-256-CBC
/// (RFC 3565).
///
/// The shape KMS sends when an enclave calls `Decrypt`, `GenerateDataKey` or `GenerateRandom` with a
/// `Recipient` (https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html and
/// https://docs.aws.amazon.com/enclaves/latest/user/kms.html), BER-encoded as AWS's
/// aws-nitro-enclaves-sdk-c reads it (`source/cms.c`):
///
/// ```
/// ContentInfo ::= SEQUENCE {                                  -- indefinite length
///   contentType  id-envelopedData (1.2.840.113549.1.7.3),
///   content [0] EXPLICIT EnvelopedData ::= SEQUENCE {       -- indefinite length
///     version 2,
///     recipientInfos SET { KeyTransRecipientInfo ::= SEQUENCE {
///       version 2,
///       rid [0] IMPLICIT OCTET STRING,                        -- subjectKeyIdentifier
///       keyEncryptionAlgorithm SEQUENCE {
///         id-RSAES-OAEP (1.2.840.113549.1.1.7),
///         RSAES-OAEP-params ::= SEQUENCE {
///           hashFunc    [0] { id-sha256 (2.16.840.1.101.3.4.2.1), NULL },
///           maskGenFunc [1] { id-mgf1 (1.2.840.113549.1.1.8), { id-sha256, NULL } } } },
///                                                             -- pSourceFunc absent: empty label
///       encryptedKey OCTET STRING (256 bytes) } },
///     encryptedContentInfo SEQUENCE {                         -- indefinite length
///       contentType id-data (1.2.840.113549.1.7.1),
///       contentEncryptionAlgorithm SEQUENCE {
///         id-aes256-CBC (2.16.840.1.101.3.4.1.42), OCTET STRING (16-byte IV) },
///       encryptedContent [0] IMPLICIT OCTET STRING } } }      -- constructed, chunked, indefinite
/// ```
///
/// Lengths may be definite or indefinite anywhere (X.690 §8.1.3), and every OCTET STRING may be
/// primitive or constructed from chunks (X.690 §8.7). Every OID, version and size is checked;
/// `originatorInfo` and `unprotectedAttrs` (which KMS never sends) are refused, as is anything after
/// the `ContentInfo`. Nothing here is secret: the envelope is what crosses the enclave boundary.
package struct EnvelopedData: Sendable, Equatable {
    /// `KeyTransRecipientInfo.rid`, the `subjectKeyIdentifier` choice. KMS puts the SHA-256 of the
    /// recipient's SubjectPublicKeyInfo there (seen in KMS output, not documented): informative only.
    package let recipientKeyIdentifier: [UInt8]
    /// `KeyTransRecipientInfo.encryptedKey`: the AES-256 content-encryption key, RSAES-OAEP encrypted.
    package let encryptedKey: [UInt8]
    /// The id-aes256-CBC parameter: the 16-byte IV (RFC 3565 §4.1).
    package let iv: [UInt8]
    /// `EncryptedContentInfo.encryptedContent`, its chunks joined: whole AES blocks, PKCS#7 padded.
    package let encryptedContent: [UInt8]

    /// The largest input accepted, in bytes. KMS documents `CiphertextForRecipient` as at most 6144
    /// bytes; the rest is headroom for a different chunking.
    package static let maximumByteCount = 8192
    /// The largest encrypted content accepted: a 4096-byte KMS plaintext (the most `Decrypt` returns)
    /// plus a full block of padding.
    package static let maximumEncryptedContentByteCount = 4096 + 16

    /// Parses and checks `CiphertextForRecipient` (the base64-decoded bytes of the KMS response field).
    ///
    /// - Throws: ``EnclaveError`` naming the check that failed:
    ///   ``EnclaveError/Code-swift.struct/tooLarge``, ``EnclaveError/Code-swift.struct/truncated``,
    ///   ``EnclaveError/Code-swift.struct/malformed`` (tags, fields, trailing bytes),
    ///   ``EnclaveError/Code-swift.struct/unexpectedContentType``,
    ///   ``EnclaveError/Code-swift.struct/unsupportedVersion``,
    ///   ``EnclaveError/Code-swift.struct/recipientCount``,
    ///   ``EnclaveError/Code-swift.struct/unsupportedKeyTransport``,
    ///   ``EnclaveError/Code-swift.struct/unsupportedContentEncryption`` or
    ///   ``EnclaveError/Code-swift.struct/invalidIV``.
    package init(ciphertextForRecipient bytes: [UInt8]) throws(EnclaveError) {
        guard bytes.count <= Self.maximumByteCount else {
            throw EnclaveError(.tooLarge, "CiphertextForRecipient is \(bytes.count) bytes, more than \(Self.maximumByteCount)")
        }
        let parsed = try CMSReader.envelopedData(bytes)
        guard !parsed.encryptedContent.isEmpty, parsed.encryptedContent.count % 16 == 0 else {
            throw EnclaveError(.malformed, "encryptedContent is \(parsed.encryptedContent.count) bytes, not a positive multiple of the AES block (16)")
        }
        self = parsed
    }

    init(recipientKeyIdentifier: [UInt8], encryptedKey: [UInt8], iv: [UInt8], encryptedContent: [UInt8]) {
        self.recipientKeyIdentifier = recipientKeyIdentifier
        self.encryptedKey = encryptedKey
        self.iv = iv
        self.encryptedContent = encryptedContent
    }
}

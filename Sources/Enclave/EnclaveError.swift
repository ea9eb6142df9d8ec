/// The one error type of `Enclave`: which check failed, in words that never contain a secret (no
/// plaintext, no content-encryption key, no private-key material; the envelope's public fields,
/// such as an OID or a length, may be named).
///
/// Equality compares the ``code`` only, following `SwiftASN1.ASN1Error`.
package struct EnclaveError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure; extensible.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: Hashable, Sendable {
            case malformed, truncated, tooLarge, unexpectedContentType, unsupportedVersion, recipientCount
            case unsupportedKeyTransport, unsupportedContentEncryption, invalidIV, keyUnwrap, badPadding, keyGeneration
            case attestation, kms
            case invalidEndpoint, listen, listenerClosed
            case wallet
        }
        private let backing: Backing
        private init(_ backing: Backing) { self.backing = backing }

        /// Not the BER shape RFC 5652 gives (a wrong tag, a missing or extra field, trailing bytes,
        /// a ciphertext that is not whole AES blocks).
        package static let malformed = Code(.malformed)
        /// The input ends inside an element (X.690 §8.1: a length or end-of-contents runs past the end).
        package static let truncated = Code(.truncated)
        /// The input, or its encrypted content, is larger than a KMS response can be.
        package static let tooLarge = Code(.tooLarge)
        /// `ContentInfo.contentType` is not id-envelopedData, or `EncryptedContentInfo.contentType` is not id-data.
        package static let unexpectedContentType = Code(.unexpectedContentType)
        /// `EnvelopedData.version` or `KeyTransRecipientInfo.version` is not 2, or the recipient
        /// identifier is not the `subjectKeyIdentifier` choice that version 2 implies.
        package static let unsupportedVersion = Code(.unsupportedVersion)
        /// `recipientInfos` does not hold exactly one `KeyTransRecipientInfo`.
        package static let recipientCount = Code(.recipientCount)
        /// The key-encryption algorithm is not id-RSAES-OAEP with SHA-256, MGF1-SHA-256 and an empty label.
        package static let unsupportedKeyTransport = Code(.unsupportedKeyTransport)
        /// The content-encryption algorithm is not id-aes256-CBC.
        package static let unsupportedContentEncryption = Code(.unsupportedContentEncryption)
        /// The id-aes256-CBC parameter is not a 16-byte OCTET STRING.
        package static let invalidIV = Code(.invalidIV)
        /// RSA-OAEP decryption of the content-encryption key failed (another recipient key, or a
        /// damaged encrypted key), or it did not give a 32-byte AES-256 key.
        package static let keyUnwrap = Code(.keyUnwrap)
        /// The decrypted content does not end in valid PKCS#7 padding (RFC 5652 §6.3).
        package static let badPadding = Code(.badPadding)
        /// The recipient key pair could not be generated.
        package static let keyGeneration = Code(.keyGeneration)
        /// The Nitro Secure Module gave no attestation document.
        package static let attestation = Code(.attestation)
        /// KMS refused the request, or answered it other than as a Recipient request must be.
        package static let kms = Code(.kms)
        /// A transport endpoint string is not `tcp://HOST:PORT`, `vsock://CID:PORT` or
        /// `unix:///PATH` (the reason names the part that is wrong).
        package static let invalidEndpoint = Code(.invalidEndpoint)
        /// A proxy could not listen on its endpoint (the reason carries the kernel's error).
        package static let listen = Code(.listen)
        /// A proxy's listening socket closed without a shutdown being asked for.
        package static let listenerClosed = Code(.listenerClosed)
        /// A wallet request refused: its payload (the field named), region, account or key.
        package static let wallet = Code(.wallet)

        package var description: String { "\(backing)" }
    }

    package let code: Code
    package let reason: String
    /// Where the error was thrown (`#fileID`, `#line`).
    package let file: String
    package let line: Int

    package init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    package static func == (lhs: EnclaveError, rhs: EnclaveError) -> Bool { lhs.code == rhs.code }
    package var description: String { "EnclaveError.\(code): \(reason)" }
}

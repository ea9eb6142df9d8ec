import _CryptoExtras
import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The enclave's recipient key for KMS `Recipient` requests: a fresh RSA-2048 key pair made once per
/// boot, whose public half goes into the attestation document's `public_key`, so that KMS answers
/// with `CiphertextForRecipient` (``EnvelopedData``) only this process can open
/// (https://docs.aws.amazon.com/enclaves/latest/user/kms.html, `KeyEncryptionAlgorithm:
/// RSAES_OAEP_SHA_256`).
///
/// The private key never leaves this object: there is no export, no `Codable`, no `Equatable`, no
/// `description` beyond the type name, and `Mirror` (`dump`) shows no children. It lives in
/// BoringSSL's memory (swift-crypto's `_RSA.Encryption.PrivateKey`), freed and cleared by BoringSSL
/// when the last reference goes; a process restart makes a new one.
///
/// `@unchecked Sendable`: the key is immutable after `init`, and BoringSSL's RSA private-key
/// operations are safe from several threads at once (swift-crypto marks `_RSA.Signing.PrivateKey`,
/// the same backing, `Sendable`; the encryption twin only lacks the annotation).
package final class RecipientKey: @unchecked Sendable, CustomReflectable {
    private let privateKey: _RSA.Encryption.PrivateKey

    /// The public key as a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7, `rsaEncryption` with the
    /// PKCS#1 `RSAPublicKey`), 294 bytes: what goes into the attestation document's `public_key`.
    package let subjectPublicKeyInfo: [UInt8]

    /// The modulus size in bits (RSA-2048, as AWS's kmstool uses).
    package static let keySizeInBits = 2048

    /// The size of an RSAES-OAEP ciphertext under this key, in bytes.
    package static let encryptedKeyByteCount = keySizeInBits / 8

    /// Generates a fresh RSA-2048 key pair (BoringSSL, from the system's random source).
    ///
    /// - Throws: ``EnclaveError/Code-swift.struct/keyGeneration`` when BoringSSL cannot generate it.
    package init() throws(EnclaveError) {
        do {
            privateKey = try _RSA.Encryption.PrivateKey(keySize: .bits2048)
        } catch {
            throw EnclaveError(.keyGeneration, "RSA-\(Self.keySizeInBits) key generation failed: \(error)")
        }
        subjectPublicKeyInfo = Array(privateKey.publicKey.derRepresentation)
    }

    /// No children: `dump` and debuggers' reflection show only the type.
    package var customMirror: Mirror { Mirror(self, children: [:]) }

    /// RSAES-OAEP-DECRYPT (RFC 8017 §7.1.2) with SHA-256, MGF1-SHA-256 and the empty label; the
    /// caller wipes the returned bytes.
    func decryptOAEPSHA256(_ ciphertext: [UInt8]) throws -> Data {
        try privateKey.decrypt(ciphertext, padding: .PKCS1_OAEP_SHA256)
    }
}

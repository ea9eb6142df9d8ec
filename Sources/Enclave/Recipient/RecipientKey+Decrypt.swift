import _CryptoExtras
import Crypto
package import Secrets
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension RecipientKey {
    /// Decrypts KMS's `CiphertextForRecipient` (the base64-decoded field of a `Decrypt`,
    /// `GenerateDataKey` or `GenerateRandom` response made with this key in the `Recipient`'s
    /// attestation document): parse and check (``EnvelopedData``), unwrap the content-encryption
    /// key with RSAES-OAEP-SHA-256, decrypt with AES-256-CBC and remove the PKCS#7 padding
    /// (RFC 5652 §6.2.1, §6.3; RFC 3560; RFC 3565).
    ///
    /// - Returns: the plaintext (0 to 4096 bytes) in zeroising storage. The content-encryption key
    ///   and every intermediate buffer are wiped (best effort: swift-crypto hands them back as `Data`,
    ///   which is wiped in place before it is released).
    /// - Throws: every parse error of ``EnvelopedData/init(ciphertextForRecipient:)``, then
    ///   ``EnclaveError/Code-swift.struct/keyUnwrap`` (not for this key, or damaged) or
    ///   ``EnclaveError/Code-swift.struct/badPadding``.
    /// - Warning: CMS `EnvelopedData` with AES-CBC is not authenticated: its integrity comes from the
    ///   TLS session with KMS. Do not tell a party that can change the bytes (the parent instance)
    ///   which of these errors occurred, or padding errors become a decryption oracle.
    package func decrypt(ciphertextForRecipient bytes: [UInt8]) throws(EnclaveError) -> SecretBytes {
        try decrypt(EnvelopedData(ciphertextForRecipient: bytes))
    }

    /// Decrypts a parsed ``EnvelopedData``; see ``decrypt(ciphertextForRecipient:)``.
    package func decrypt(_ envelope: EnvelopedData) throws(EnclaveError) -> SecretBytes {
        let contentKey = try unwrapContentKey(envelope)
        let iv: AES._CBC.IV
        do { iv = try AES._CBC.IV(ivBytes: envelope.iv) } catch { throw EnclaveError(.invalidIV, "the IV is \(envelope.iv.count) bytes, not 16") }
        // RFC 5652 §6.3: decrypt (the parser checked for whole blocks), then check and remove the
        // padding ourselves (in constant time, into zeroising storage), so the padded plaintext lives
        // in one buffer we can wipe.
        var padded: Data
        do {
            padded = try AES._CBC.decrypt(envelope.encryptedContent, using: contentKey, iv: iv, noPadding: true)
        } catch {
            throw EnclaveError(.malformed, "AES-256-CBC decryption failed: \(error)")
        }
        defer { padded.withUnsafeMutableBytes { Secrets.zero($0) } }
        let result = padded.withUnsafeBytes { bytes in Result { () throws(EnclaveError) in try PKCS7.unpad(bytes) } }
        return try result.get()
    }

    /// RSAES-OAEP-DECRYPT of `encryptedKey` (RFC 3560 §2.3): the 32-byte AES-256 content-encryption key.
    private func unwrapContentKey(_ envelope: EnvelopedData) throws(EnclaveError) -> SymmetricKey {
        guard envelope.encryptedKey.count == Self.encryptedKeyByteCount else {
            throw EnclaveError(
                .keyUnwrap,
                "encryptedKey is \(envelope.encryptedKey.count) bytes; RSAES-OAEP under RSA-\(Self.keySizeInBits) gives \(Self.encryptedKeyByteCount)")
        }
        var unwrapped: Data
        do {
            unwrapped = try decryptOAEPSHA256(envelope.encryptedKey)
        } catch {
            // The identifier is public and chosen by the sender: naming it gives nothing away.
            let ours = Array(SHA256.hash(data: subjectPublicKeyInfo)) == envelope.recipientKeyIdentifier
            throw EnclaveError(
                .keyUnwrap,
                "RSAES-OAEP-SHA-256 decryption of encryptedKey failed: not encrypted to this recipient key, or damaged "
                    + (ours ? "(the recipient identifier is this key's)" : "(the recipient identifier is not the SHA-256 of this key's SubjectPublicKeyInfo)"))
        }
        defer { unwrapped.withUnsafeMutableBytes { Secrets.zero($0) } }
        guard unwrapped.count == 32 else {
            throw EnclaveError(.keyUnwrap, "the content-encryption key is \(unwrapped.count) bytes, not 32 (AES-256)")
        }
        return SymmetricKey(data: unwrapped)
    }
}

/// PKCS#7 padding as CMS uses it (RFC 5652 §6.3): 1 to 16 bytes, each equal to the count.
enum PKCS7 {
    /// The plaintext without its padding, in a ``SecretBytes``. The padding is checked over the
    /// whole last block without branching on its bytes; only valid or not is revealed.
    ///
    /// - Throws: ``EnclaveError/Code-swift.struct/badPadding``.
    static func unpad(_ padded: UnsafeRawBufferPointer) throws(EnclaveError) -> SecretBytes {
        // The length is public (the ciphertext's): a positive multiple of 16.
        guard padded.count >= 16, padded.count % 16 == 0 else {
            throw EnclaveError(.badPadding, "the decrypted content is \(padded.count) bytes, not whole AES blocks")
        }
        let padLength = padded[padded.count - 1]
        var bad = lessThanMask(padLength, 1) | lessThanMask(16, padLength)
        for distance in 0..<16 {
            let inPadding = lessThanMask(UInt8(distance), padLength)
            bad |= inPadding & (padded[padded.count - 1 - distance] ^ padLength)
        }
        guard bad == 0 else { throw EnclaveError(.badPadding, "the decrypted content does not end in valid PKCS#7 padding") }
        let plaintext = SecretBytes(count: padded.count - Int(padLength))
        plaintext.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: padded.prefix($0.count))) }
        return plaintext
    }

    /// 0xff when `a < b`, else 0, without a branch.
    private static func lessThanMask(_ a: UInt8, _ b: UInt8) -> UInt8 {
        // a - b is negative exactly when a < b; the arithmetic shift spreads its sign bit.
        UInt8(truncatingIfNeeded: (Int32(a) - Int32(b)) >> 31)
    }
}

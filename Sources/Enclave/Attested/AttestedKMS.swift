package import AWSClients
package import NSM
package import Secrets

/// KMS `Decrypt` as only an attested enclave can call it (AWS KMS developer guide, "How AWS
/// Nitro Enclaves uses AWS KMS"): each request carries a fresh attestation document holding the
/// enclave's per-boot RSA key, and KMS answers `CiphertextForRecipient`, which only that key opens.
/// The plaintext never crosses the parent instance, which relays the TLS session to KMS.
package struct AttestedKMS: Sendable {
    let kms: KMSClient
    let nsm: any NitroSecureModule
    let recipient: RecipientKey

    package init(kms: KMSClient, nsm: any NitroSecureModule, recipient: RecipientKey) {
        self.kms = kms
        self.nsm = nsm
        self.recipient = recipient
    }

    /// Decrypts a KMS ciphertext blob through a Recipient attestation.
    ///
    /// - Parameters:
    ///   - ciphertext: the `CiphertextBlob` (a vault record, the TLS key).
    ///   - context: the encryption context it was made with.
    /// - Returns: the plaintext (at most 4,096 bytes), as ``SecretBytes``.
    /// - Throws: ``EnclaveError`` — `attestation` when the NSM gives no document, `kms` when KMS
    ///   refuses (its error code in the reason) or answers in plaintext, and the envelope's own
    ///   codes when `CiphertextForRecipient` does not open.
    package func decrypt(_ ciphertext: [UInt8], context: [String: String]?) async throws(EnclaveError) -> SecretBytes {
        let document: [UInt8]
        do {
            document = try nsm.attestation(publicKey: recipient.subjectPublicKeyInfo, userData: nil, nonce: nil)
        } catch {
            throw EnclaveError(.attestation, "the Nitro Secure Module gave no attestation document: \(error)")
        }
        let answer: KMSClient.DecryptResult
        do {
            answer = try await kms.decrypt(ciphertext: ciphertext, context: context, recipientAttestation: document)
        } catch {
            throw EnclaveError(.kms, "KMS Decrypt with the attestation failed: \(error)")
        }
        switch answer {
        case .ciphertextForRecipient(let envelope):
            return try recipient.decrypt(ciphertextForRecipient: envelope)
        case .plaintext:
            // A plaintext answer crossed the parent: refused, so that a KMS stand-in (or a
            // man in the middle) that ignores the Recipient is noticed, not trusted.
            throw EnclaveError(.kms, "KMS answered a Recipient request with a plaintext; refused")
        }
    }
}

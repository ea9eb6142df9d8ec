package import Crypto
import Secrets
package import Vault

/// The vault cipher inside the enclave: records decrypt only through ``AttestedKMS`` (KMS with a
/// Recipient attestation). The enclave never encrypts: keys are made by the keygen function.
package struct AttestedVaultCipher: VaultCipher {
    let kms: AttestedKMS
    package var name: String { "kms" }

    package init(kms: AttestedKMS) {
        self.kms = kms
    }

    package func decrypt(_ ciphertext: [UInt8], pubkey: String, context: [String: String]?) async throws(VaultError) -> VaultRecord {
        if let bound = context?["pubkey"], bound != pubkey {
            throw VaultError(.cipher, "the row's encryption context names another public key")
        }
        do {
            let plaintext = try await kms.decrypt(ciphertext, context: context)
            return try VaultRecord(decrypted: plaintext.withUnsafeBytes { SymmetricKey(data: $0) })
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError(.aws, "decrypting through the attestation: \(error)")
        }
    }

    package func encrypt(_ record: VaultRecord, pubkey: String) async throws(VaultError) -> (ciphertext: [UInt8], context: [String: String]?) {
        throw Self.notHere
    }

    package func newDataKey(purpose: String) async throws(VaultError) -> (key: SymmetricKey, wrapped: [UInt8]) { throw Self.notHere }
    package func openDataKey(_ wrapped: [UInt8], purpose: String) async throws(VaultError) -> SymmetricKey { throw Self.notHere }

    static var notHere: VaultError { VaultError(.cipher, "the enclave only decrypts: keys are encrypted by the keygen function") }
}

package import AWSClients
import AWSCore
package import Crypto

/// The AWS cipher: KMS `Encrypt` of the record JSON under a KMS key, as the reference keygen does.
///
/// With ``bindToPublicKey`` the ciphertext is bound to its row through the encryption context
/// `{"pubkey": <hex>}`, recorded in the row's `encryption_context`; without it the reference's
/// plain Encrypt is used and rows written by the reference decrypt unchanged.
package struct KMSVaultCipher: VaultCipher {
    let kms: KMSClient
    package let keyID: String?
    package let bindToPublicKey: Bool
    package var name: String { "kms" }

    /// - Parameters:
    ///   - keyID: the KMS key to encrypt under (not needed to decrypt: KMS reads it from the blob).
    package init(kms: KMSClient, keyID: String?, bindToPublicKey: Bool = false) {
        self.kms = kms
        self.keyID = keyID
        self.bindToPublicKey = bindToPublicKey
    }

    package func encrypt(_ record: VaultRecord, pubkey: String) async throws(VaultError) -> (ciphertext: [UInt8], context: [String: String]?) {
        guard let keyID else { throw VaultError(.invalidRow, "encrypting needs a KMS key id (--kms-key-id)") }
        let context = bindToPublicKey ? ["pubkey": pubkey] : nil
        do {
            return (try await kms.encrypt(keyID: keyID, plaintext: record.json, context: context), context)
        } catch {
            throw VaultError(.aws, "KMS Encrypt failed: \(error)", awsCode: error.awsCode)
        }
    }

    package func decrypt(_ ciphertext: [UInt8], pubkey: String, context: [String: String]?) async throws(VaultError) -> VaultRecord {
        if let bound = context?["pubkey"], bound != pubkey {
            throw VaultError(.cipher, "the row's encryption context names another public key")
        }
        let plaintext: SymmetricKey
        do {
            plaintext = try await kms.decryptPlaintext(ciphertext: ciphertext, context: context)
        } catch {
            throw VaultError(error.awsCode == "InvalidCiphertextException" ? .cipher : .aws, "KMS Decrypt failed: \(error)", awsCode: error.awsCode)
        }
        return try VaultRecord(decrypted: plaintext)
    }

    package func newDataKey(purpose: String) async throws(VaultError) -> (key: SymmetricKey, wrapped: [UInt8]) {
        guard let keyID else { throw VaultError(.invalidRow, "a data key needs a KMS key id (--kms-key-id)") }
        do {
            let (key, wrapped) = try await kms.generateDataKey(keyID: keyID, context: ["purpose": purpose])
            return (key, wrapped)
        } catch {
            throw VaultError(.aws, "KMS GenerateDataKey failed: \(error)", awsCode: error.awsCode)
        }
    }

    package func openDataKey(_ wrapped: [UInt8], purpose: String) async throws(VaultError) -> SymmetricKey {
        do {
            return try await kms.decryptPlaintext(ciphertext: wrapped, context: ["purpose": purpose], keyID: keyID)
        } catch {
            throw VaultError(error.awsCode == "InvalidCiphertextException" ? .cipher : .aws, "KMS Decrypt of a data key failed: \(error)",
                             awsCode: error.awsCode)
        }
    }
}

import Crypto

/// What encrypts a row's record: KMS (AWS) or the local master key (embedded default).
package protocol VaultCipher: Sendable {
    /// A name recorded with embedded rows (`kms`, `local-aes-256-gcm`).
    var name: String { get }
    /// Encrypts `record` for the row of `pubkey`.
    ///
    /// - Returns: the ciphertext and, when the cipher binds it to the public key through a KMS
    ///   encryption context, that context (recorded in the row).
    func encrypt(_ record: VaultRecord, pubkey: String) async throws(VaultError) -> (ciphertext: [UInt8], context: [String: String]?)
    /// Decrypts a row's ciphertext (with the context the row records).
    func decrypt(_ ciphertext: [UInt8], pubkey: String, context: [String: String]?) async throws(VaultError) -> VaultRecord
}

package import Crypto

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
    /// A fresh 32-byte data key, and the same key wrapped by this cipher (bound to `purpose`), for
    /// caches kept beside the vault: KMS `GenerateDataKey` (encryption context `{"purpose": …}`),
    /// or AES-256-GCM under the local master key (`purpose` as associated data).
    func newDataKey(purpose: String) async throws(VaultError) -> (key: SymmetricKey, wrapped: [UInt8])
    /// Unwraps a data key made by ``newDataKey(purpose:)`` for the same `purpose`.
    ///
    /// - Throws: ``VaultError`` `cipher` when it does not unwrap (another key, another purpose,
    ///   tampered), `aws` when KMS fails.
    func openDataKey(_ wrapped: [UInt8], purpose: String) async throws(VaultError) -> SymmetricKey
}

public import BLS12381
public import Crypto

extension Keystore {
    /// Encrypts a BLS secret key: the pubkey written is the key's own.
    public static func encrypt(
        secretKey: SecretKey, decryptionKey: SymmetricKey, kdf: KeystoreKDF, path: KeyPath
    ) throws(ValidatorKeysError) -> Keystore {
        let secret = secretKey.withSerializedBytes { SymmetricKey(data: $0) }
        return try encrypt(
            secret: secret, decryptionKey: decryptionKey, kdf: kdf, pubkey: secretKey.publicKey().compressed, path: path)
    }

    /// Decrypts to a BLS secret key and checks that it belongs to ``pubkey`` (when the keystore
    /// has one).
    ///
    /// - Throws: ``ValidatorKeysError``: `wrongPassword`; `invalidKey` when the secret is not a
    ///   valid BLS scalar; `pubkeyMismatch` when it is not the key of `pubkey`.
    public func decryptSecretKey(decryptionKey: SymmetricKey) throws(ValidatorKeysError) -> SecretKey {
        let secret = try decrypt(decryptionKey: decryptionKey)
        let key: SecretKey
        do {
            key = try secret.withUnsafeBytes { (bytes) throws(BLSError) in try SecretKey(bytes: bytes) }
        } catch {
            throw ValidatorKeysError(.invalidKey, "the keystore's secret is not a valid BLS secret key")
        }
        if let pubkey, key.publicKey().compressed != pubkey {
            throw ValidatorKeysError(.pubkeyMismatch, "the keystore's secret does not belong to its pubkey")
        }
        return key
    }

    /// Derives the key from `password`, then ``decryptSecretKey(decryptionKey:)``.
    public func decryptSecretKey(password: KeystorePassword) throws(ValidatorKeysError) -> SecretKey {
        try decryptSecretKey(decryptionKey: try Self.deriveKey(password: password, kdf: kdf))
    }
}

public import Secp256k1

/// Turning a key service's ECDSA output into an Ethereum signature.
///
/// AWS KMS `Sign` (`ECDSA_SHA_256`, `MessageType=DIGEST`) on an `ECC_SECG_P256K1` key returns a DER
/// ECDSA-Sig-Value with an arbitrary s and no recovery id; `GetPublicKey` returns the key as a DER
/// SubjectPublicKeyInfo. Ethereum needs (r, s ≤ n/2, recovery id). No AWS code here.
public enum EthereumSignature {
    /// Converts a DER signature over `digest` into (r, low s, recovery id) for `publicKey`.
    ///
    /// Steps: parse the DER strictly; if s > ⌊n/2⌋ (exact integer comparison), replace s by n − s
    /// (EIP-2); then try recovery ids 0 and 1 and keep the one that recovers `publicKey`.
    ///
    /// - Parameters:
    ///   - der: the DER ECDSA-Sig-Value.
    ///   - digest: the 32-byte digest that was signed (e.g. ``Transaction/signingHash``).
    ///   - publicKey: the signer's key, e.g. from ``Secp256k1/PublicKey/init(derSubjectPublicKeyInfo:)``.
    /// - Throws: ``EthereumTransactionsError/Code-swift.struct/invalidSignature`` for malformed DER
    ///   (naming the fault) or when neither recovery id yields `publicKey`.
    public static func fromDER(
        _ der: some Collection<UInt8>, digest: some Collection<UInt8>, publicKey: PublicKey
    ) throws(EthereumTransactionsError) -> RecoverableSignature {
        let parsed: ECDSASignature
        do { parsed = try ECDSASignature(derEncoded: der) } catch {
            throw EthereumTransactionsError(.invalidSignature, "DER signature: \(error.reason)")
        }
        let normalized = parsed.lowSNormalized
        let digest = Array(digest)
        guard digest.count == 32 else { throw EthereumTransactionsError(.invalidSignature, "a digest is 32 bytes, got \(digest.count)") }
        for id: UInt8 in [0, 1] {
            if let candidate = try? RecoverableSignature(signature: normalized, recoveryID: id),
                let recovered = try? candidate.recoverPublicKey(digest: digest), recovered == publicKey
            {
                return candidate
            }
        }
        throw EthereumTransactionsError(.invalidSignature, "the signature does not match the given public key for this digest")
    }

    /// As ``fromDER(_:digest:publicKey:)``, with the key as a DER SubjectPublicKeyInfo (KMS `GetPublicKey`).
    public static func fromDER(
        _ der: some Collection<UInt8>, digest: some Collection<UInt8>, subjectPublicKeyInfo spki: some Collection<UInt8>
    ) throws(EthereumTransactionsError) -> RecoverableSignature {
        let key: PublicKey
        do { key = try PublicKey(derSubjectPublicKeyInfo: spki) } catch {
            throw EthereumTransactionsError(.invalidSignature, "public key: \(error.reason)")
        }
        return try fromDER(der, digest: digest, publicKey: key)
    }
}

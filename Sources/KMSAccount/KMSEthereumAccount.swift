import AWSCore
package import AWSClients
package import EthereumCore
package import EthereumTransactions
package import Secp256k1

/// An Ethereum account whose key is an AWS KMS `ECC_SECG_P256K1` `SIGN_VERIFY` key.
///
/// The address is Keccak-256 of the public key from `GetPublicKey`. Every signature is KMS `Sign`
/// (`ECDSA_SHA_256`, `MessageType=DIGEST`) over the 32-byte Keccak-256 digest, converted from DER to
/// (r, low s) with the recovery id found by recovering against the KMS public key
/// (``EthereumSignature/fromDER(_:digest:publicKey:)``). The private key never leaves KMS.
/// Transactions, messages and typed data are signed through ``AccountSigner``, which owns the
/// `from` check and checks every signature recovers to ``address``.
package struct KMSEthereumAccount: AccountSigner {
    private let kms: KMSClient
    /// The KMS key id or ARN.
    package let keyID: String
    /// The key's public key, from `GetPublicKey`.
    package let publicKey: PublicKey

    /// The account's address (print it for the EIP-55 form).
    package var address: Address { publicKey.address }

    /// Loads the account: `GetPublicKey`, checking that the key is secp256k1.
    ///
    /// - Throws: ``KMSAccountError`` (`kms` when KMS fails, `unsuitableKey` for another key spec).
    package static func load(kms: KMSClient, keyID: String) async throws(KMSAccountError) -> KMSEthereumAccount {
        let der: [UInt8]
        let spec: String?
        do {
            (der, spec) = try await kms.getPublicKey(keyID: keyID)
        } catch {
            throw KMSAccountError(.kms, "KMS GetPublicKey for \(keyID) failed: \(error)", awsCode: error.awsCode)
        }
        if let spec, spec != "ECC_SECG_P256K1" {
            throw KMSAccountError(.unsuitableKey, "KMS key \(keyID) is \(spec); an Ethereum account needs ECC_SECG_P256K1")
        }
        do {
            return KMSEthereumAccount(kms: kms, keyID: keyID, publicKey: try PublicKey(derSubjectPublicKeyInfo: der))
        } catch {
            throw KMSAccountError(.unsuitableKey, "KMS key \(keyID): the public key is not secp256k1 (\(error.reason))")
        }
    }

    private init(kms: KMSClient, keyID: String, publicKey: PublicKey) {
        self.kms = kms
        self.keyID = keyID
        self.publicKey = publicKey
    }

    /// Signs a 32-byte digest: KMS `Sign` (`ECDSA_SHA_256`, `MessageType=DIGEST`), then DER →
    /// (r, low s, recovery id) against the KMS public key. The ``AccountSigner`` primitive:
    /// transactions, EIP-191 messages and EIP-712 typed data (and the `from` check) come from
    /// `AccountSigner`'s extension.
    ///
    /// - Throws: ``KMSAccountError``: `kms` when KMS fails or refuses, `badSignature` when its
    ///   signature does not parse or recover to ``publicKey``.
    package func signature(forDigest digest: [UInt8]) async throws(KMSAccountError) -> RecoverableSignature {
        let der: [UInt8]
        do {
            der = try await kms.sign(keyID: keyID, digest: digest)
        } catch {
            throw KMSAccountError(.kms, "KMS Sign with \(keyID) failed: \(error)", awsCode: error.awsCode)
        }
        do {
            return try EthereumSignature.fromDER(der, digest: digest, publicKey: publicKey)
        } catch {
            throw KMSAccountError(.badSignature, "KMS Sign with \(keyID): \(error)")
        }
    }
}

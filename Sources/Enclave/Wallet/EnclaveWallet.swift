package import EnclaveProtocol
import EthereumCore
import EthereumTransactions
import Foundation
import Secp256k1
import Secrets

/// The enclave wallet (the Nitro wallet reference's enclave): signs one transaction with an
/// account key that arrives KMS-encrypted and is decrypted here only, through the attestation.
///
/// The payload is checked before the key is decrypted, the key lives in a wiped buffer for the
/// one signature, and the signature must recover to the address the key was stored under.
package struct EnclaveWallet: Sendable {
    let kms: AttestedKMS
    let credentials: ParentCredentials
    /// The enclave's region; a request for another is refused (its KMS is not the one reached).
    let region: String

    package init(kms: AttestedKMS, credentials: ParentCredentials, region: String) {
        self.kms = kms
        self.credentials = credentials
        self.region = region
    }

    /// How a refusal of the payload begins (the parent answers it as `InvalidPayload`).
    package static let invalidPayload = "invalid payload: "

    /// Signs the request's transaction.
    ///
    /// - Throws: ``EnclaveError`` — `wallet` naming the payload field at fault, another region, a
    ///   `from` that is not the account, a key that is not a secp256k1 key or not the address's;
    ///   `kms` and the attestation codes when the key does not decrypt.
    package func sign(_ request: WalletSignRequest) async throws -> WalletSignature {
        guard request.region == region else {
            throw EnclaveError(.wallet, "the request is for region \(request.region); this enclave reaches KMS in \(region)")
        }
        let address: Address
        do { address = try Address(request.address) } catch { throw EnclaveError(.wallet, "address: \(error.reason)") }
        let transaction: Transaction, from: Address?
        do {
            (transaction, from) = try Transaction.parse(walletRequest: Data(request.transactionPayload))
        } catch {
            throw EnclaveError(.wallet, "\(Self.invalidPayload)\(error)")
        }
        if let from, from != address { throw EnclaveError(.wallet, "\(Self.invalidPayload)transaction_payload.from is \(from), not the wallet's account \(address)") }
        try credentials.update(request.credentials)
        let secret = try await kms.decrypt(request.keyCiphertext, context: WalletKeyRecord.encryptionContext(address: request.address))
        let key: PrivateKey
        do {
            key = try secret.withUnsafeBytes { bytes throws(Secp256k1Error) in try PrivateKey(unsafeBytes: bytes) }
        } catch {
            throw EnclaveError(.wallet, "the decrypted key is not a secp256k1 secret key: \(error.reason)")
        }
        guard key.publicKey.address == address else {
            throw EnclaveError(.wallet, "the decrypted key is the account \(key.publicKey.address), not \(address)")
        }
        let signed = try await LocalAccountSigner(key: key).sign(transaction, from: from)
        return WalletSignature(signedTransaction: signed.raw, transactionHash: signed.hash, from: signed.from.description)
    }
}

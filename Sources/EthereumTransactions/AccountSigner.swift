public import EthereumCore
public import Secp256k1

/// An Ethereum account that signs: a local key (``LocalAccountSigner``), a KMS key
/// (`KMSAccount`'s `KMSEthereumAccount`), later an enclave.
///
/// A backend supplies two things: its ``address`` and ``signature(forDigest:)`` over a 32-byte
/// Keccak-256 digest. Everything else is written once here, for every backend:
/// - a transaction whose `from` names another address is refused before anything is signed
///   (``checkSender(_:)``, the one place this is checked);
/// - transactions (``sign(_:from:)``), EIP-191 `personal_sign` (``signPersonalMessage(_:)``) and
///   EIP-712 `eth_signTypedData_v4` (``sign(_:)``) are hashed and assembled here;
/// - every signature from outside the process must recover to ``address`` before it is
///   returned, so a backend that signs with another key (a wrong KMS key id, a corrupted enclave
///   answer) is caught, not published. A key in this process (``signsInProcess``) is not checked
///   again: libsecp256k1 signed with the very key whose address this is, and recovering costs as
///   much as signing.
///
/// Errors: ``EthereumTransactionsError`` for the request (`invalidField` with field `from`,
/// transaction and typed-data validation) and for a signature that does not belong to the
/// account (`invalidSignature`); a backend's own errors (KMS unreachable, …) pass through as
/// the backend throws them.
public protocol AccountSigner: Sendable {
    /// The account's address (Keccak-256 of the public key, last 20 bytes).
    var address: Address { get }

    /// Signs a 32-byte digest: r, low s (EIP-2) and the recovery id.
    ///
    /// The primitive behind every other signing method; callers use those, which hash, check
    /// and assemble. Implementations sign exactly the bytes given.
    /// - Throws: the backend's errors; a digest that is not 32 bytes is refused.
    func signature(forDigest digest: [UInt8]) async throws -> RecoverableSignature

    /// `true` when ``signature(forDigest:)`` is made in this process by libsecp256k1 with the key
    /// whose address is ``address`` (nothing outside could have swapped the key), so the
    /// signature is not recovered again; `false` (the default) for KMS, an enclave, anything remote.
    var signsInProcess: Bool { get }
}

extension AccountSigner {
    public var signsInProcess: Bool { false }

    /// Refuses a request that names another sender: `from`, when given, must be ``address``.
    ///
    /// - Throws: ``EthereumTransactionsError`` (`invalidField`, field `from`) naming both addresses.
    public func checkSender(_ from: Address?) throws(EthereumTransactionsError) {
        guard let from, from != address else { return }
        throw EthereumTransactionsError(.invalidField, field: "from", "\(from) is not the signer's address (\(address))")
    }

    /// Signs `transaction` (any type: legacy, EIP-155, EIP-2930, EIP-1559, EIP-4844, EIP-7702) as
    /// this account: the signature is over ``Transaction/signingHash``.
    ///
    /// - Parameters:
    ///   - transaction: the unsigned transaction; validated before it is signed.
    ///   - from: the sender the request named (the JSON-RPC object's `from`), if any.
    /// - Returns: the raw signed transaction, its hash and the recovered sender (``address``).
    /// - Throws: ``EthereumTransactionsError``: `invalidField` (field `from`) when `from` is
    ///   another address, the transaction's validation errors, `invalidSignature` when the
    ///   signature does not recover to ``address``; the backend's errors.
    public func sign(_ transaction: Transaction, from: Address? = nil) async throws -> SignedTransaction {
        try checkSender(from)
        try transaction.validate()
        let signature = try await signature(forDigest: transaction.signingHash)
        if needsNoRecovery(signature) {
            return SignedTransaction(transaction: transaction, signature: try TransactionSignature(signature), from: address)
        }
        let signed = try SignedTransaction(transaction: transaction, signature: signature)
        guard signed.from == address else {
            throw EthereumTransactionsError(.invalidSignature, "the signature recovers to \(signed.from), not to the signer \(address)")
        }
        return signed
    }

    /// EIP-191 `personal_sign` of `message` (https://eips.ethereum.org/EIPS/eip-191): the result's
    /// ``TransactionSignature/rsv`` is the 65-byte r ‖ s ‖ v value, v = 27/28.
    ///
    /// - Throws: ``EthereumTransactionsError`` (`invalidSignature`) when the signature does not
    ///   recover to ``address``; the backend's errors.
    public func signPersonalMessage(_ message: some Collection<UInt8>) async throws -> TransactionSignature {
        try await checkedSignature(forDigest: PersonalMessage.hash(message))
    }

    /// EIP-712 `eth_signTypedData_v4` (https://eips.ethereum.org/EIPS/eip-712) of `typedData`.
    ///
    /// - Throws: ``EthereumTransactionsError``: `invalidTypedData` for a document that cannot be
    ///   hashed (naming the member), `invalidSignature` when the signature does not recover to
    ///   ``address``; the backend's errors.
    public func sign(_ typedData: TypedData) async throws -> TransactionSignature {
        try await checkedSignature(forDigest: try typedData.signingHash())
    }

    /// Whether `signature` may be returned without recovering it: made in this process
    /// (``signsInProcess``) and already in Ethereum's form (recovery id 0 or 1, low s); anything
    /// else takes the checked path, which names what is wrong.
    private func needsNoRecovery(_ signature: RecoverableSignature) -> Bool {
        signsInProcess && signature.recoveryID <= 1 && signature.signature.isLowS
    }

    /// The backend's signature of `digest`, checked to recover to ``address``, in Ethereum's fields.
    private func checkedSignature(forDigest digest: [UInt8]) async throws -> TransactionSignature {
        let signature = try await signature(forDigest: digest)
        if needsNoRecovery(signature) { return try TransactionSignature(signature) }
        let recovered: PublicKey
        do { recovered = try signature.recoverPublicKey(digest: digest) } catch {
            throw EthereumTransactionsError(.invalidSignature, "no signer recovers from the signature: \(error.reason)")
        }
        guard recovered.address == address else {
            throw EthereumTransactionsError(.invalidSignature, "the signature recovers to \(recovered.address), not to the signer \(address)")
        }
        return try TransactionSignature(signature)
    }
}

/// An account whose key is in this process (a key file or a V3 keystore, decrypted).
///
/// Signing is constant-time in the key (libsecp256k1, RFC 6979 nonces, low s).
public struct LocalAccountSigner: AccountSigner {
    private let key: PrivateKey

    /// The signer for `key`.
    public init(key: PrivateKey) {
        self.key = key
        self.address = key.publicKey.address
    }

    public let address: Address

    /// libsecp256k1 signs here with ``address``'s own key.
    public var signsInProcess: Bool { true }

    /// - Throws: ``EthereumTransactionsError`` (`invalidSignature`) for a digest that is not 32 bytes.
    public func signature(forDigest digest: [UInt8]) throws(EthereumTransactionsError) -> RecoverableSignature {
        do { return try key.signature(forDigest: digest) } catch {
            throw EthereumTransactionsError(.invalidSignature, "cannot sign: \(error.reason)")
        }
    }
}

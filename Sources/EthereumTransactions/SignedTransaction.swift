public import EthereumCore
public import Secp256k1

/// A transaction with its signature, raw encoding, hash and recovered sender.
public struct SignedTransaction: Hashable, Sendable {
    public let transaction: Transaction
    public let signature: TransactionSignature
    /// The raw signed transaction (`eth_sendRawTransaction` input).
    public let raw: [UInt8]
    /// Keccak-256 of ``raw``: the transaction hash.
    public let hash: [UInt8]
    /// The sender, recovered from the signature.
    public let from: Address

    /// Assembles a signed transaction from a recoverable signature over ``Transaction/signingHash``
    /// made elsewhere (local key, enclave, or KMS after ``EthereumSignature/fromDER(_:digest:publicKey:)``).
    ///
    /// - Throws: ``EthereumTransactionsError/Code-swift.struct/invalidSignature`` for high s, a recovery
    ///   id above 1, or a signature from which no sender recovers;
    ///   ``EthereumTransactionsError/Code-swift.struct/invalidField`` if the transaction does not validate.
    public init(transaction: Transaction, signature: RecoverableSignature) throws(EthereumTransactionsError) {
        try transaction.validate()
        guard signature.recoveryID <= 1 else {
            throw EthereumTransactionsError(.invalidSignature, "recovery id \(signature.recoveryID) has no Ethereum encoding")
        }
        guard signature.signature.isLowS else { throw EthereumTransactionsError(.invalidSignature, "s is above n/2 (EIP-2)") }
        let txSignature = try TransactionSignature(signature)
        let publicKey: PublicKey
        do { publicKey = try signature.recoverPublicKey(digest: transaction.signingHash) } catch {
            throw EthereumTransactionsError(.invalidSignature, "no sender recovers: \(error.reason)")
        }
        self.init(transaction: transaction, signature: txSignature, from: publicKey.address)
    }

    init(transaction: Transaction, signature: TransactionSignature, from: Address) {
        self.transaction = transaction
        self.signature = signature
        self.raw = transaction.encoded(signature: signature)
        self.hash = Keccak256.hash(raw)
        self.from = from
    }
}

extension Transaction {
    /// Signs with a local key: Keccak-256 of ``signingPayload``, RFC 6979, low s.
    ///
    /// Constant-time in the key (libsecp256k1).
    /// - Throws: ``EthereumTransactionsError/Code-swift.struct/invalidField`` if the transaction does not validate.
    public func signed(with key: PrivateKey) throws(EthereumTransactionsError) -> SignedTransaction {
        try validate()
        let signature: RecoverableSignature
        do { signature = try key.signature(forDigest: signingHash) } catch {
            throw EthereumTransactionsError(.invalidSignature, "cannot sign: \(error.reason)")
        }
        // libsecp256k1 returns low s and, for any real key, a recovery id of 0 or 1 (2 and 3 need
        // R.x ≥ n, probability below 2^-127); go through the checked path if that ever happens.
        guard signature.recoveryID <= 1 else { return try SignedTransaction(transaction: self, signature: signature) }
        return SignedTransaction(transaction: self, signature: try TransactionSignature(signature), from: key.publicKey.address)
    }
}

extension PublicKey {
    /// The Ethereum address of this key.
    public var address: Address { try! Address(publicKeyXY: xy) }  // invariant: xy is the 64 bytes after the 0x04 of a validated 65-byte key
}

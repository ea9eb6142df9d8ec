public import EthereumCore
public import Secp256k1

/// EIP-191 version 0x45 (`personal_sign`, https://eips.ethereum.org/EIPS/eip-191):
/// Keccak-256("\x19Ethereum Signed Message:\n" ‖ decimal byte length ‖ message).
public enum PersonalMessage {
    /// The digest signed for `message`.
    public static func hash(_ message: some Collection<UInt8>) -> [UInt8] {
        var h = Keccak256()
        h.update(Array("\u{19}Ethereum Signed Message:\n\(message.count)".utf8))
        h.update(message)
        return h.finalize()
    }

    /// Signs `message`; the result's ``TransactionSignature/rsv`` is the 65-byte `personal_sign` value.
    ///
    /// - Throws: ``EthereumTransactionsError/Code-swift.struct/invalidSignature`` in the (2^-127)
    ///   case of a recovery id that Ethereum cannot encode.
    public static func sign(_ message: some Collection<UInt8>, with key: PrivateKey) throws(EthereumTransactionsError) -> TransactionSignature {
        try ethereumSignature(signing: hash(message), with: key)
    }

    /// Recovers the signer's address from a 65-byte r ‖ s ‖ v signature (v = 27/28 or 0/1).
    ///
    /// - Throws: ``EthereumTransactionsError/Code-swift.struct/invalidSignature``.
    public static func recover(_ message: some Collection<UInt8>, signature: some Collection<UInt8>) throws(EthereumTransactionsError) -> Address {
        try recoverAddress(digest: hash(message), rsv: Array(signature))
    }
}

/// Signs a digest with a local key and converts the result to Ethereum's fields.
///
/// - Throws: ``EthereumTransactionsError/Code-swift.struct/invalidSignature`` for a digest that is
///   not 32 bytes or a recovery id Ethereum cannot encode.
func ethereumSignature(signing digest: [UInt8], with key: PrivateKey) throws(EthereumTransactionsError) -> TransactionSignature {
    let signature: RecoverableSignature
    do { signature = try key.signature(forDigest: digest) } catch {
        throw EthereumTransactionsError(.invalidSignature, "cannot sign: \(error.reason)")
    }
    return try TransactionSignature(signature)
}

extension TransactionSignature {
    /// Ethereum's fields of a recoverable signature with recovery id 0 or 1.
    ///
    /// - Throws: ``EthereumTransactionsError/Code-swift.struct/invalidSignature`` for a recovery id
    ///   above 1 (R.x ≥ n, probability below 2^-127), which has no Ethereum encoding.
    public init(_ signature: RecoverableSignature) throws(EthereumTransactionsError) {
        guard signature.recoveryID <= 1 else {
            throw EthereumTransactionsError(.invalidSignature, "recovery id \(signature.recoveryID) has no Ethereum encoding")
        }
        do {
            self.init(
                yParity: signature.recoveryID, r: try UInt256(bigEndian: signature.signature.r),
                s: try UInt256(bigEndian: signature.signature.s))
        } catch {
            throw EthereumTransactionsError(.invalidSignature, error.reason)
        }
    }
}

/// Recovers an address from `r ‖ s ‖ v` over a 32-byte digest, requiring low s (EIP-2).
func recoverAddress(digest: [UInt8], rsv: [UInt8]) throws(EthereumTransactionsError) -> Address {
    guard rsv.count == 65 else { throw EthereumTransactionsError(.invalidSignature, "a signature is 65 bytes, got \(rsv.count)") }
    let v = rsv[64]
    guard v == 27 || v == 28 || v == 0 || v == 1 else {
        throw EthereumTransactionsError(.invalidSignature, "v must be 27 or 28 (or 0/1), got \(v)")
    }
    do {
        let ecdsa = try ECDSASignature(compact: rsv[0..<64])
        guard ecdsa.isLowS else { throw EthereumTransactionsError(.invalidSignature, "s is above n/2 (EIP-2)") }
        let sig = try RecoverableSignature(signature: ecdsa, recoveryID: v >= 27 ? v - 27 : v)
        return try sig.recoverPublicKey(digest: digest).address
    } catch let error as Secp256k1Error {
        throw EthereumTransactionsError(.invalidSignature, error.reason)
    } catch let error as EthereumTransactionsError {
        throw error
    } catch {
        throw EthereumTransactionsError(.invalidSignature, "\(error)")
    }
}

import EthereumCore
import EthereumTransactions
import Foundation
import Secp256k1
import TestSupport

/// The key every signing property uses (EIP-155's example key).
let fuzzKey = try! PrivateKey(bytes: [UInt8](repeating: 0x46, count: 32))  // invariant: a valid constant key

extension FuzzCatalog {
    /// Hex text, 256-bit quantities and ether amounts: decode(encode(x)) == x, and decoding then
    /// encoding gives the lower-case digits back.
    static let hex = FuzzTarget(
        "hex", summary: "Hex.decode, UInt256(parsing:), Units.parse; hex round trips", json: false,
        seeds: { utf8(["0x", "0x00", "0xdeadBEEF", "abcdef0123456789", "0X1", "1234567890", "0x" + String(repeating: "f", count: 64),
                       "1.5 ether", "30gwei", "0.000000001", "115792089237316195423570985008687907853269984665640564039457584007913129639935"]) },
        body: { input throws(FuzzFailure) in
            let text = String(decoding: input, as: UTF8.self)
            if let bytes = try? Hex.decode(text) {
                let digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? String(text.dropFirst(2)) : text
                try require(Hex.encode(bytes, prefix: false) == digits.lowercased(), "hex: encode(decode(\(text))) differs")
            }
            try require((try? Hex.decode(Hex.encode(input))) == input, "hex: decode(encode(x)) != x")
            if let value = try? UInt256(parsing: text) {
                try require((try? UInt256(parsing: value.description)) == value, "UInt256: decimal round trip")
                try require((try? UInt256(parsing: value.hexQuantity)) == value, "UInt256: hex round trip")
            }
            if let wei = try? Units.parse(text) {
                try require((try? Units.parse(Units.format(wei, as: .ether), unit: .ether)) == wei, "Units: format/parse round trip")
            }
        })

    /// RLP: canonical decoding, so whatever decodes re-encodes to the same bytes.
    static let rlp = FuzzTarget(
        "rlp", summary: "RLP.decode; encode(decode(x)) == x", json: false,
        seeds: { try rawTransactionSeeds() + [[0x80], [0xc0], [0xc1, 0xc0], [0xb8, 0x38] + [UInt8](repeating: 0x61, count: 56), [0xf8, 0x38] + [UInt8](repeating: 0x01, count: 56)] },
        body: { input throws(FuzzFailure) in
            guard let item = try? RLP.decode(input) else { return }
            try require(item.encoded == input, "rlp: decode(\(input.fuzzHex)) re-encodes differently")
        })

    /// Raw signed transactions (legacy RLP and every typed envelope): whatever decodes keeps its bytes.
    static let rawTransaction = FuzzTarget(
        "raw-transaction", summary: "SignedTransaction(decoding:) for legacy and typed envelopes; raw round trip", json: false,
        seeds: { try rawTransactionSeeds() },
        body: { input throws(FuzzFailure) in
            let decoded: SignedTransaction
            do { decoded = try SignedTransaction(decoding: input) } catch { return }
            try require(decoded.raw == input, "raw transaction: raw differs from the input")
            _ = decoded.json
            let again = try? SignedTransaction(decoding: decoded.raw)
            try require(again?.transaction == decoded.transaction && again?.from == decoded.from, "raw transaction: second decode differs")
        })

    /// Transaction JSON: whatever parses signs, and the signed raw form decodes to the same
    /// transaction; `JSONDecoder` decoding the same wire type reaches the same transaction or the
    /// same error, except that ours refuses numbers with a fraction or an exponent.
    static let transactionJSON = FuzzTarget(
        "transaction-json", summary: "Transaction.parse(json:) against JSONDecoder, then sign and decode back", json: true,
        seeds: { utf8(transactionJSONSeeds) },
        body: { input throws(FuzzFailure) in
            let viaBytes = Result { () throws(EthereumTransactionsError) in try Transaction.parse(json: Data(input)) }
            if (try? AnyJSON.parse(input, rejectingDuplicateKeys: true)) != nil {
                let reference = Result { () throws(EthereumTransactionsError) in
                    let dto: TransactionJSON
                    do { dto = try JSONDecoder().decode(TransactionJSON.self, from: Data(input)) } catch { throw EthereumTransactionsError(decoding: error) }
                    return try Transaction.parse(dto)
                }
                switch (reference, viaBytes) {
                case (.success(let a), .success(let b)):
                    try require(a.transaction == b.transaction && a.from == b.from, "transaction-json: JSONDecoder reads another transaction")
                case (_, .failure(let b)) where b.reason.contains("fraction or an exponent"):
                    break
                case (.failure(let a), .failure(let b)):
                    try require(a.field == b.field && a.reason == b.reason, "transaction-json: refused differently: \(a) / \(b)")
                default:
                    throw FuzzFailure("transaction-json: one reader accepts what the other refuses: \(reference) / \(viaBytes)")
                }
            }
            guard case .success(let parsed) = viaBytes else { return }
            let signed: SignedTransaction
            do { signed = try parsed.transaction.signed(with: fuzzKey) } catch {
                throw FuzzFailure("transaction-json: a parsed transaction does not sign: \(error)")
            }
            let decoded = try? SignedTransaction(decoding: signed.raw)
            try require(decoded?.transaction == parsed.transaction, "transaction-json: sign/decode round trip differs")
            try require(decoded?.from == fuzzKey.publicKey.address, "transaction-json: wrong sender recovered")
        })

    /// EIP-712 documents: whatever hashes signs, and the signer recovers.
    static let typedData = FuzzTarget(
        "eip712", summary: "TypedData(json:), signingHash, sign and recover", json: true,
        seeds: { utf8(typedDataSeeds) },
        body: { input throws(FuzzFailure) in
            guard let data = try? TypedData(json: Data(input)) else { return }
            _ = try? data.encodeType(data.primaryType)
            _ = try? data.typeHash("Undefined")
            // Signing must throw on a document that does not hash, and succeed on one that does.
            let hash = try? data.signingHash()
            let signature = try? data.sign(with: fuzzKey)
            try require((hash == nil) == (signature == nil), "eip712: signingHash and sign disagree")
            guard let hash, let signature else { return }
            try require(hash.count == 32, "eip712: hash is not 32 bytes")
            try require((try? data.recover(signature: signature.rsv)) == fuzzKey.publicKey.address, "eip712: recovery differs")
        })

    /// DER from KMS: ECDSA-Sig-Value (strict, so it re-encodes identically), SubjectPublicKeyInfo,
    /// and the conversion to (r, low s, v).
    static let der = FuzzTarget(
        "der", summary: "ECDSASignature(derEncoded:), PublicKey(derSubjectPublicKeyInfo:), EthereumSignature.fromDER", json: false,
        seeds: { try derSeeds() },
        body: { input throws(FuzzFailure) in
            if let signature = try? ECDSASignature(derEncoded: input) {
                try require(signature.derEncoded == input, "der: strict DER re-encodes differently")
                try require(signature.lowSNormalized.isLowS, "der: normalised s is not low")
            }
            _ = try? PublicKey(derSubjectPublicKeyInfo: input)
            let digest = Keccak256.hash(Array("fuzz".utf8))
            if let recovered = try? EthereumSignature.fromDER(input, digest: digest, publicKey: fuzzKey.publicKey) {
                try require(recovered.signature.isLowS && recovered.recoveryID <= 1, "der: fromDER gave high s or id > 1")
            }
        })
}

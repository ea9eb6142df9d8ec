public import EthereumCore
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension Transaction {
    /// Parses the Nitro wallet reference's `transaction_payload`: a JSON-RPC transaction object
    /// (``parse(json:)``'s fields: `to`, `nonce`, `type`, `chainId`, `gas`, `maxFeePerGas`,
    /// `maxPriorityFeePerGas`, `gasPrice`, `accessList`, `data`, …) except that `value` is in
    /// ether, as a JSON number (`0.01`, `1e-05`, read from its digits, never through a Double) or
    /// a decimal string, converted to wei exactly.
    ///
    /// - Returns: the transaction and the `from` address, if the payload named one.
    /// - Throws: ``EthereumTransactionsError/Code-swift.struct/invalidField`` naming the field.
    public static func parse(walletPayload json: Data) throws(EthereumTransactionsError) -> (transaction: Transaction, from: Address?) {
        _ = try strictlyParsed(json)
        let decoder = JSONDecoder()
        decoder.userInfo[TransactionJSON.valueInEther] = true
        let dto: TransactionJSON
        do { dto = try decoder.decode(TransactionJSON.self, from: json) } catch {
            throw EthereumTransactionsError(decoding: error)
        }
        return try parse(dto)
    }

    /// Parses a wallet request body, `{"transaction_payload": {…}}` (other members, such as the
    /// Lambda payload's `operation`, are the caller's), with ``parse(walletPayload:)``'s rules.
    ///
    /// - Throws: ``EthereumTransactionsError/Code-swift.struct/invalidField`` naming the field
    ///   (`transaction_payload` when it is missing).
    public static func parse(walletRequest json: Data) throws(EthereumTransactionsError) -> (transaction: Transaction, from: Address?) {
        struct Body: Decodable { let transaction_payload: TransactionJSON? }
        do throws(EthereumTransactionsError) {
            _ = try strictlyParsed(json)
        } catch {
            throw .field("transaction_payload", error.reason)
        }
        let decoder = JSONDecoder()
        decoder.userInfo[TransactionJSON.valueInEther] = true
        let body: Body
        do { body = try decoder.decode(Body.self, from: json) } catch {
            throw EthereumTransactionsError(decoding: error)
        }
        guard let payload = body.transaction_payload else { throw .field("transaction_payload", "is required") }
        let parsed = try parse(payload)
        // A wallet sends value to someone: no `to` and no init code would create an empty
        // contract and strand the value.
        if parsed.transaction.to == nil, parsed.transaction.data.isEmpty {
            throw .field("to", "is required (without to and data the transaction creates an empty contract)")
        }
        return parsed
    }
}

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
        let decoder = JSONDecoder()
        decoder.userInfo[TransactionJSON.valueInEther] = true
        let dto: TransactionJSON
        do { dto = try decoder.decode(TransactionJSON.self, from: json) } catch {
            throw EthereumTransactionsError(decoding: error)
        }
        return try parse(dto)
    }
}

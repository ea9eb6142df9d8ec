package import EthereumCore
package import EthereumTransactions
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a KMS account payload asks for, validated.
package enum KMSAccountOperation {
    case status
    /// `sign` or `sign_transaction`; `from`, when the request named one, must be the account.
    case signTransaction(Transaction, from: Address?)
    case signMessage([UInt8])
    case signTypedData(TypedData)

    /// The payload member a signing error is about (`transaction`, `message`, `typed_data`).
    var payloadMember: String {
        switch self {
        case .status: "operation"
        case .signTransaction: "transaction"
        case .signMessage: "message"
        case .signTypedData: "typed_data"
        }
    }

    /// The reference's fixed gas limit for `sign`.
    static let referenceGas: UInt64 = 160_000
    /// The reference's legacy gas price for `sign`: 0x0918400000 wei (39 gwei).
    static let referenceLegacyGasPrice = UInt256(0x09_1840_0000)

    /// Parses and validates a payload.
    ///
    /// - Throws: ``LambdaFunctionsError/Code/invalidPayload`` naming the field at fault.
    package static func parse(_ payload: [UInt8]) throws(LambdaFunctionsError) -> KMSAccountOperation {
        let request = try StrictJSON.decode(KMSAccountRequest.self, from: payload, allowed: KMSAccountRequest.members)
        let fields: [String: Bool] = [
            "amount": request.amount != nil, "dst_address": request.dst_address != nil, "nonce": request.nonce != nil,
            "chainid": request.chainid != nil, "type": request.type != nil, "max_fee_per_gas": request.max_fee_per_gas != nil,
            "max_priority_fee_per_gas": request.max_priority_fee_per_gas != nil, "data": request.data != nil,
            "transaction": request.transaction != nil, "message": request.message != nil, "message_hex": request.message_hex != nil,
            "typed_data": request.typed_data != nil,
        ]
        func only(_ allowed: Set<String>) throws(LambdaFunctionsError) {
            if let extra = fields.filter({ $0.value && !allowed.contains($0.key) }).keys.sorted().first {
                throw LambdaFunctionsError(.invalidPayload, "\(extra) does not apply to operation \(request.operation)")
            }
        }
        switch request.operation {
        case "status":
            try only([])
            return .status
        case "sign":
            try only(["amount", "dst_address", "nonce", "chainid", "type", "max_fee_per_gas", "max_priority_fee_per_gas", "data"])
            return .signTransaction(try referenceTransaction(request), from: nil)
        case "sign_transaction":
            try only(["transaction"])
            guard let json = request.transaction else { throw LambdaFunctionsError(.invalidPayload, "transaction is required") }
            do {
                let (transaction, from) = try Transaction.parse(json)
                return .signTransaction(transaction, from: from)
            } catch {
                throw LambdaFunctionsError(.invalidPayload, "transaction.\(error)")
            }
        case "sign_message":
            try only(["message", "message_hex"])
            switch (request.message, request.message_hex) {
            case (let text?, nil): return .signMessage(Array(text.utf8))
            case (nil, let hex?):
                do { return .signMessage(try Hex.decode(hex)) } catch { throw LambdaFunctionsError(.invalidPayload, "message_hex: \(error)") }
            default: throw LambdaFunctionsError(.invalidPayload, "sign_message needs exactly one of message and message_hex")
            }
        case "sign_typed_data":
            try only(["typed_data"])
            guard let json = request.typed_data else { throw LambdaFunctionsError(.invalidPayload, "typed_data is required") }
            do { return .signTypedData(try TypedData(json)) } catch { throw LambdaFunctionsError(.invalidPayload, "typed_data: \(error)") }
        default:
            throw LambdaFunctionsError(
                .invalidPayload, "operation must be status, sign, sign_transaction, sign_message or sign_typed_data, got \"\(request.operation.prefix(64))\"")
        }
    }

    /// The reference's `sign`: `amount` ether to `dst_address` at `nonce`, gas 160000. Legacy (gas
    /// price 39 gwei, data 0x00, EIP-155 when `chainid` is given) unless `type`, `max_fee_per_gas` or
    /// `max_priority_fee_per_gas` is present, which makes it EIP-1559 (all three fees and `chainid`
    /// required, `type` 2).
    private static func referenceTransaction(_ r: KMSAccountRequest) throws(LambdaFunctionsError) -> Transaction {
        guard let amountText = r.amount?.text else { throw LambdaFunctionsError(.invalidPayload, "amount is required (ether)") }
        guard let dst = r.dst_address else { throw LambdaFunctionsError(.invalidPayload, "dst_address is required") }
        guard let nonceValue = r.nonce else { throw LambdaFunctionsError(.invalidPayload, "nonce is required") }
        let value: UInt256
        do { value = try Units.parse(amountText, unit: .ether) } catch {
            throw LambdaFunctionsError(.invalidPayload, "amount: \(error)")
        }
        let to: Address
        do { to = try Address(dst) } catch { throw LambdaFunctionsError(.invalidPayload, "dst_address: \(error)") }
        let nonce = try uint64(nonceValue, "nonce")
        let chainID = try r.chainid.map { v throws(LambdaFunctionsError) in try uint64(v, "chainid") }
        let data: [UInt8]?
        do { data = try r.data.map { t throws(EthereumCoreError) in try Hex.decode(t) } } catch { throw LambdaFunctionsError(.invalidPayload, "data: \(error)") }

        var transaction: Transaction
        if r.type != nil || r.max_fee_per_gas != nil || r.max_priority_fee_per_gas != nil {
            if let typeValue = r.type, try quantity(typeValue, "type") != UInt256(2) {
                throw LambdaFunctionsError(.invalidPayload, "type: sign makes legacy or EIP-1559 (type 2) transactions")
            }
            guard let chainID else { throw LambdaFunctionsError(.invalidPayload, "chainid is required for an EIP-1559 transaction") }
            guard let maxFee = r.max_fee_per_gas else { throw LambdaFunctionsError(.invalidPayload, "max_fee_per_gas is required for an EIP-1559 transaction") }
            guard let tip = r.max_priority_fee_per_gas else {
                throw LambdaFunctionsError(.invalidPayload, "max_priority_fee_per_gas is required for an EIP-1559 transaction")
            }
            transaction = Transaction(
                type: .dynamicFee, chainID: chainID, nonce: nonce, maxPriorityFeePerGas: try quantity(tip, "max_priority_fee_per_gas"),
                maxFeePerGas: try quantity(maxFee, "max_fee_per_gas"), gas: referenceGas, to: to, value: value, data: data ?? [])
        } else {
            transaction = Transaction(
                type: .legacy, chainID: chainID, nonce: nonce, gasPrice: referenceLegacyGasPrice, gas: referenceGas, to: to,
                value: value, data: data ?? [0x00])
        }
        do { try transaction.validate() } catch { throw LambdaFunctionsError(.invalidPayload, "\(error)") }
        return transaction
    }

    private static func quantity(_ value: JSONValue, _ field: String) throws(LambdaFunctionsError) -> UInt256 {
        let text: String
        switch value {
        case .number(let n): text = n
        case .string(let s): text = s
        default: throw LambdaFunctionsError(.invalidPayload, "\(field): expected a non-negative integer, got \(value.typeName)")
        }
        do { return try UInt256(parsing: text) } catch { throw LambdaFunctionsError(.invalidPayload, "\(field): \(error)") }
    }

    private static func uint64(_ value: JSONValue, _ field: String) throws(LambdaFunctionsError) -> UInt64 {
        guard let small = try quantity(value, field).uint64 else { throw LambdaFunctionsError(.invalidPayload, "\(field): above 2^64 − 1") }
        return small
    }
}

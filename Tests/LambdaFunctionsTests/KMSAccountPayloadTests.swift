import EthereumCore
import EthereumTransactions
import Testing

@testable import LambdaFunctions

/// The KMS account payload: what each operation accepts, and clear errors for everything else.
@Suite struct KMSAccountPayloadTests {
    private func parse(_ json: String) throws(LambdaFunctionsError) -> KMSAccountOperation {
        try KMSAccountOperation.parse(Array(json.utf8))
    }

    private func error(_ json: String) -> String? {
        do {
            _ = try parse(json)
            return nil
        } catch {
            #expect(error.code == .invalidPayload)
            return error.reason
        }
    }

    @Test func referenceLegacySignIsTheReferenceTransaction() throws {
        guard case .signTransaction(let tx, nil) = try parse(
            #"{"operation":"sign","amount":0.01,"dst_address":"0xa5D3241A1591061F2a4bB69CA0215F66520E67cf","nonce":7}"#)
        else { Issue.record("expected a transaction"); return }
        #expect(tx.type == .legacy)
        #expect(tx.chainID == nil)
        #expect(tx.nonce == 7)
        #expect(tx.gas == 160_000)
        #expect(tx.gasPrice == UInt256(0x09_1840_0000))
        #expect(tx.value == UInt256(10_000_000_000_000_000))
        #expect(tx.data == [0x00])
        #expect(tx.to?.description == "0xa5D3241A1591061F2a4bB69CA0215F66520E67cf")
    }

    @Test func amountsAreExactDecimals() throws {
        guard case .signTransaction(let tx, _) = try parse(
            #"{"operation":"sign","amount":"1.000000000000000001","dst_address":"0xa5d3241a1591061f2a4bb69ca0215f66520e67cf","nonce":0,"chainid":5}"#)
        else { Issue.record("expected a transaction"); return }
        #expect(tx.value == (try UInt256(parsing: "1000000000000000001")))
        #expect(tx.chainID == 5)
        guard case .signTransaction(let small, _) = try parse(
            #"{"operation":"sign","amount":0.1,"dst_address":"0xa5d3241a1591061f2a4bb69ca0215f66520e67cf","nonce":0}"#)
        else { Issue.record("expected a transaction"); return }
        #expect(small.value == UInt256(100_000_000_000_000_000))
    }

    @Test func feeFieldsMakeAnEIP1559Transaction() throws {
        guard case .signTransaction(let tx, _) = try parse(
            #"{"operation":"sign","amount":1,"dst_address":"0xa5d3241a1591061f2a4bb69ca0215f66520e67cf","nonce":3,"chainid":11155111,"type":2,"max_fee_per_gas":100000000000,"max_priority_fee_per_gas":"0x3b9aca00","data":"0xdeadbeef"}"#)
        else { Issue.record("expected a transaction"); return }
        #expect(tx.type == .dynamicFee)
        #expect(tx.chainID == 11_155_111)
        #expect(tx.maxFeePerGas == UInt256(100_000_000_000))
        #expect(tx.maxPriorityFeePerGas == UInt256(1_000_000_000))
        #expect(tx.data == [0xde, 0xad, 0xbe, 0xef])
    }

    @Test(arguments: [
        (#"{"operation":"mint"}"#, "operation must be status, sign"),
        (#"[1,2]"#, "must be a JSON object"),
        (#"{"operation":"status","amount":1}"#, "amount does not apply to operation status"),
        (#"{"operation":"status","colour":"red"}"#, "unknown field \"colour\""),
        (#"{"operation":7}"#, "operation: expected a string"),
        (#"{"operation":"sign","dst_address":"0xa5d3241a1591061f2a4bb69ca0215f66520e67cf","nonce":0}"#, "amount is required"),
        (#"{"operation":"sign","amount":1,"dst_address":"0xa5D3241A1591061F2a4bB69CA0215F66520E67CF","nonce":0}"#, "dst_address"),
        (#"{"operation":"sign","amount":-1,"dst_address":"0xa5d3241a1591061f2a4bb69ca0215f66520e67cf","nonce":0}"#, "amount"),
        (#"{"operation":"sign","amount":1,"dst_address":"0xa5d3241a1591061f2a4bb69ca0215f66520e67cf","nonce":"seven"}"#, "nonce"),
        (#"{"operation":"sign","amount":1,"dst_address":"0xa5d3241a1591061f2a4bb69ca0215f66520e67cf","nonce":0,"type":2,"max_fee_per_gas":2,"max_priority_fee_per_gas":1}"#, "chainid is required"),
        (#"{"operation":"sign","amount":1,"dst_address":"0xa5d3241a1591061f2a4bb69ca0215f66520e67cf","nonce":0,"chainid":1,"type":1,"max_fee_per_gas":2,"max_priority_fee_per_gas":1}"#, "type"),
        (#"{"operation":"sign","amount":1,"dst_address":"0xa5d3241a1591061f2a4bb69ca0215f66520e67cf","nonce":0,"chainid":1,"max_fee_per_gas":1,"max_priority_fee_per_gas":2}"#, "maxPriorityFeePerGas"),
        (#"{"operation":"sign_message","message":"hi","message_hex":"0x00"}"#, "exactly one of message and message_hex"),
        (#"{"operation":"sign_message","message_hex":"0xzz"}"#, "message_hex"),
        (#"{"operation":"sign_transaction"}"#, "transaction is required"),
        (#"{"operation":"sign_transaction","transaction":{"nonce":1,"gas":21000,"gasPrice":1,"to":"0xa5d3241a1591061f2a4bb69ca0215f66520e67cf","r":"0x1"}}"#, "transaction.r"),
        (#"{"operation":"sign_typed_data","typed_data":{"types":{},"primaryType":"Mail","domain":{}}}"#, "typed_data"),
    ])
    func badPayloadsAreRefusedWithTheReason(payload: String, reason: String) {
        let message = error(payload)
        #expect(message?.contains(reason) == true, "\(message ?? "accepted")")
    }

    @Test func signTransactionKeepsTheNamedSender() throws {
        guard case .signTransaction(let tx, let from) = try parse(
            #"{"operation":"sign_transaction","transaction":{"from":"0xa5d3241a1591061f2a4bb69ca0215f66520e67cf","chainId":"0x1","nonce":"0x0","gas":"0x5208","maxFeePerGas":"0x2","maxPriorityFeePerGas":"0x1","to":"0xa5d3241a1591061f2a4bb69ca0215f66520e67cf","value":"0x1"}}"#)
        else { Issue.record("expected a transaction"); return }
        #expect(tx.type == .dynamicFee)
        #expect(from?.description == "0xa5D3241A1591061F2a4bB69CA0215F66520E67cf")
    }
}

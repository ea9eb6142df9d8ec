import EthereumCore
import Foundation
import Testing
@testable import EthereumTransactions

/// The Nitro wallet reference's `transaction_payload`: value in ether, the rest as JSON-RPC.
@Suite struct WalletPayloadTests {
    static func parse(_ json: String) throws(EthereumTransactionsError) -> Transaction {
        try Transaction.parse(walletPayload: Data(json.utf8)).transaction
    }

    @Test func theReferencePayloadIsAnEIP1559TransferInEther() throws {
        let tx = try Self.parse(
            #"{"value":0.01,"to":"0xa5D3241A1591061F2a4bB69CA0215F66520E67cf","nonce":0,"type":2,"chainId":4,"gas":100000,"maxFeePerGas":100000000000,"maxPriorityFeePerGas":3000000000}"#)
        #expect(tx.type == .dynamicFee && tx.chainID == 4 && tx.nonce == 0 && tx.gas == 100_000)
        #expect(tx.value.description == "10000000000000000")
        #expect(tx.maxFeePerGas?.description == "100000000000" && tx.maxPriorityFeePerGas?.description == "3000000000")
        #expect(tx.to == (try Address("0xa5D3241A1591061F2a4bB69CA0215F66520E67cf")))
    }

    @Test func legacyAccessListAndDataToo() throws {
        let legacy = try Self.parse(#"{"value":"1.5","to":"0x000000000000000000000000000000000000dEaD","nonce":7,"chainId":1,"gas":21000,"gasPrice":20000000000}"#)
        #expect(legacy.type == .legacy && legacy.chainID == 1 && legacy.value.description == "1500000000000000000")
        let access = try Self.parse(
            #"{"value":1e-05,"to":"0x000000000000000000000000000000000000dEaD","nonce":1,"type":1,"chainId":5,"gas":30000,"gasPrice":1,"accessList":[],"data":"0x1234"}"#)
        #expect(access.type == .accessList && access.value.description == "10000000000000" && access.data == [0x12, 0x34])
    }

    @Test(arguments: [
        (#"{"value":-1,"to":"0x000000000000000000000000000000000000dEaD","nonce":0,"gas":21000,"gasPrice":1}"#, "value"),
        (#"{"value":1e-19,"to":"0x000000000000000000000000000000000000dEaD","nonce":0,"gas":21000,"gasPrice":1}"#, "value"),
        (#"{"value":true,"to":"0x000000000000000000000000000000000000dEaD","nonce":0,"gas":21000,"gasPrice":1}"#, "value"),
        (#"{"value":0.1,"to":"0x12","nonce":0,"gas":21000,"gasPrice":1}"#, "to"),
        (#"{"value":0.1,"to":"0x000000000000000000000000000000000000dEaD","gas":21000,"gasPrice":1}"#, "nonce"),
        (#"{"value":0.1,"to":"0x000000000000000000000000000000000000dEaD","nonce":0,"gas":21000,"gasPrice":1,"amount":1}"#, "amount"),
    ])
    func badFieldsAreNamed(json: String, field: String) {
        #expect(performing: { _ = try Self.parse(json) }, throws: { error in
            "\(error)".contains(field)
        })
    }
}

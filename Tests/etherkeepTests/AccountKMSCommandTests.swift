import AWSClients
import AWSTestSupport
import ArgumentParser
import EthereumCore
import EthereumTransactions
import Foundation
import KMSAccount
import Testing

@testable import etherkeep

/// `etherkeep account … --kms-key-id` on moto_server's KMS (reached through `AWS_ENDPOINT_URL`,
/// which scripts/test sets): the address is the KMS key's, and the signer of every transaction and
/// message recovers to it.
@Suite(.enabled(if: Moto.shouldRun, "needs moto_server (scripts/test)"))
struct AccountKMSCommandTests {
    private func run<C: ParsableCommandWithResult>(_ type: C.Type, _ arguments: [String]) async throws -> String {
        try await C.parse(arguments).result()
    }

    @Test func addressTransactionsAndMessagesFromTheKMSKey() async throws {
        let (keyID, expected) = try await Moto.withContext { context in
            let kms = try KMSClient(context: context)
            let key = try await kms.createKey(usage: "SIGN_VERIFY", spec: "ECC_SECG_P256K1")
            return (key.keyID, try await KMSEthereumAccount.load(kms: kms, keyID: key.keyID).address)
        }
        let address = try await run(AccountAddress.self, ["--kms-key-id", keyID])
        #expect(address == expected.description)

        let transactions = [
            #"{"nonce": 0, "gasPrice": "20000000000", "gas": 21000, "to": "0x3535353535353535353535353535353535353535", "value": "1", "chainId": 1}"#,
            #"{"from": "\#(address)", "type": "0x2", "chainId": "0x1", "nonce": 1, "gas": 21000, "maxFeePerGas": 2, "maxPriorityFeePerGas": 1, "to": "0x3535353535353535353535353535353535353535"}"#,
        ]
        for tx in transactions {
            let out = try JSONDecoder().decode([String: String].self, from: Data(try await run(AccountSignTx.self, ["--kms-key-id", keyID, "--tx", tx]).utf8))
            #expect(out["from"] == address)
            #expect(try SignedTransaction(decoding: Hex.decode(out["raw"]!)).from.description == address)
        }
        let message = try JSONDecoder().decode([String: String].self, from: Data(try await run(AccountSignMessage.self, ["--kms-key-id", keyID, "--message", "hello"]).utf8))
        #expect(try PersonalMessage.recover(Array("hello".utf8), signature: Hex.decode(message["signature"]!)).description == address)

        let typedJSON = #"{"types":{"EIP712Domain":[{"name":"name","type":"string"}],"Note":[{"name":"text","type":"string"}]},"primaryType":"Note","domain":{"name":"EtherKeep"},"message":{"text":"hi"}}"#
        let typed = try JSONDecoder().decode([String: String].self, from: Data(try await run(AccountSignTypedData.self, ["--kms-key-id", keyID, "--data", typedJSON]).utf8))
        #expect(try TypedData(json: Data(typedJSON.utf8)).recover(signature: Hex.decode(typed["signature"]!)).description == address)
    }

    @Test func aSenderThatIsNotTheKMSAccountIsRefused() async throws {
        let keyID = try await Moto.withContext { context in
            try await KMSClient(context: context).createKey(usage: "SIGN_VERIFY", spec: "ECC_SECG_P256K1").keyID
        }
        let tx = #"{"from": "0x3535353535353535353535353535353535353535", "nonce": 0, "gasPrice": 1, "gas": 21000, "to": "0x3535353535353535353535353535353535353535"}"#
        await #expect { try await run(AccountSignTx.self, ["--kms-key-id", keyID, "--tx", tx]) } throws: { "\($0)".hasPrefix("from:") }
    }

    @Test func keyFileAndKMSKeyExcludeEachOther() {
        #expect(throws: (any Error).self) { try AccountAddress.parse(["--kms-key-id", "k", "--key-file", "f"]) }
        #expect(throws: (any Error).self) { try AccountAddress.parse([]) }
    }
}

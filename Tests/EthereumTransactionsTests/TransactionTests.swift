import EthereumCore
import Foundation
import Secp256k1
import Testing
@testable import EthereumTransactions

@Suite struct TransactionTests {
    static let key = try! PrivateKey(bytes: [UInt8](repeating: 0x46, count: 32))

    static func parse(_ json: String) throws(EthereumTransactionsError) -> Transaction {
        try Transaction.parse(json: Data(json.utf8)).transaction
    }

    static func expectFieldError(_ json: String, field: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try parse(json)
            Issue.record("accepted \(json)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func badInputNamesTheField() {
        let base = #""nonce": "0x0", "gas": 21000, "to": "0x3535353535353535353535353535353535353535""#
        Self.expectFieldError(#"{\#(base), "gasPrice": 1, "colour": "red"}"#, field: "colour")
        Self.expectFieldError(#"{\#(base), "gasPrice": true}"#, field: "gasPrice")
        Self.expectFieldError(#"{\#(base), "type": "0x2", "maxFeePerGas": 2, "maxPriorityFeePerGas": 1}"#, field: "chainId")
        Self.expectFieldError(#"{\#(base), "chainId": 1, "maxFeePerGas": 1, "maxPriorityFeePerGas": 2}"#, field: "maxFeePerGas")
        Self.expectFieldError(
            #"{"nonce": 0, "gas": 1, "gasPrice": 1, "to": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"}"#, field: "to")
        Self.expectFieldError(#"{\#(base), "gasPrice": 1, "value": "-1"}"#, field: "value")
        Self.expectFieldError(#"{\#(base), "gasPrice": 1, "value": 1.5}"#, field: "value")
        Self.expectFieldError(#"{"gas": 1, "gasPrice": 1}"#, field: "nonce")
        // EIP-2681: 2^64 - 1 is no nonce; the one below it is.
        Self.expectFieldError(#"{"nonce": "0xffffffffffffffff", "gas": 21000, "gasPrice": 1, "to": "0x3535353535353535353535353535353535353535"}"#, field: "nonce")
        #expect((try? Self.parse(#"{"nonce": "0xfffffffffffffffe", "gas": 21000, "gasPrice": 1, "to": "0x3535353535353535353535353535353535353535"}"#)) != nil)
        Self.expectFieldError(#"{\#(base), "chainId": 1, "gasPrice": 1, "maxFeePerGas": 1, "maxPriorityFeePerGas": 1}"#, field: "gasPrice")
        Self.expectFieldError(#"{\#(base), "chainId": 1, "gasPrice": 1, "accessList": [{"address": "0x3535353535353535353535353535353535353535", "storageKeys": ["0x01"]}]}"#,
                              field: "accessList[0].storageKeys[0]")
        Self.expectFieldError(#"{\#(base), "gasPrice": 1, "input": "0x01", "data": "0x02"}"#, field: "data")
        Self.expectFieldError(#"{\#(base), "gasPrice": 1, "r": "0x1"}"#, field: "r")
        Self.expectFieldError(#"{"nonce": 0, "gas": 1, "chainId": 1, "maxFeePerGas": 1, "maxPriorityFeePerGas": 1, "maxFeePerBlobGas": 1, "blobVersionedHashes": ["0x\#(String(repeating: "01", count: 32))"]}"#,
                              field: "to")
    }

    @Test func typeInferenceAndQuantityForms() throws {
        let to = #""to": "0x3535353535353535353535353535353535353535""#
        #expect(try Self.parse(#"{"nonce": 0, "gas": 1, "gasPrice": "20", \#(to)}"#).type == .legacy)
        #expect(try Self.parse(#"{"nonce": 0, "gas": 1, "gasPrice": 1, "chainId": 1, "accessList": [], \#(to)}"#).type == .accessList)
        let dynamic = try Self.parse(#"{"nonce": "7", "gas": "0x5208", "chainId": "0x1", "maxFeePerGas": "30000000000", "maxPriorityFeePerGas": 1, \#(to)}"#)
        #expect(dynamic.type == .dynamicFee)
        #expect(dynamic.nonce == 7 && dynamic.gas == 21000)
        #expect(dynamic.maxFeePerGas == UInt256(30_000_000_000))
        let creation = try Self.parse(#"{"nonce": 0, "gas": 1, "gasPrice": 1, "input": "0x6000"}"#)
        #expect(creation.to == nil && creation.data == [0x60, 0x00])
    }

    @Test func legacyWithoutChainIDUsesV27Or28() throws {
        let tx = try Self.parse(#"{"nonce": 1, "gas": 21000, "gasPrice": 1, "to": "0x3535353535353535353535353535353535353535", "value": "0xde0b6b3a7640000"}"#)
        let signed = try tx.signed(with: Self.key)
        let v = tx.legacyV(yParity: signed.signature.yParity)
        #expect(v == UInt256(27) || v == UInt256(28))
        let decoded = try SignedTransaction(decoding: signed.raw)
        #expect(decoded.transaction.chainID == nil)
        #expect(decoded.from == Self.key.publicKey.address)
        #expect(decoded == signed)
    }

    @Test func decodingRejectsMalformedAndHighS() throws {
        let tx = try Self.parse(#"{"nonce": 1, "gas": 21000, "chainId": 1, "maxFeePerGas": 2, "maxPriorityFeePerGas": 1, "to": "0x3535353535353535353535353535353535353535"}"#)
        let signed = try tx.signed(with: Self.key)
        #expect(throws: EthereumTransactionsError(.invalidEncoding, "")) { try SignedTransaction(decoding: signed.raw + [0]) }
        #expect(throws: EthereumTransactionsError(.invalidEncoding, "")) { try SignedTransaction(decoding: [0x05] + signed.raw.dropFirst()) }
        #expect(throws: EthereumTransactionsError(.invalidEncoding, "")) { try SignedTransaction(decoding: [UInt8]()) }
        // The same signature with s → n − s (and the parity flipped) is refused (EIP-2).
        let n = try UInt256(parsing: "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
        let highS = TransactionSignature(yParity: signed.signature.yParity ^ 1, r: signed.signature.r,
                                         s: n.subtractingReportingOverflow(signed.signature.s).partialValue)
        #expect(throws: EthereumTransactionsError(.invalidSignature, "")) { try SignedTransaction(decoding: tx.encoded(signature: highS)) }
    }

    @Test func jsonOutputParsesBack() throws {
        let tx = try Self.parse(#"{"type": "0x2", "nonce": 3, "gas": 50000, "chainId": 5, "maxFeePerGas": 20, "maxPriorityFeePerGas": 2, "to": "0x3535353535353535353535353535353535353535", "value": 9, "data": "0xabcdef", "accessList": [{"address": "0x3535353535353535353535353535353535353535", "storageKeys": ["0x\#(String(repeating: "00", count: 31))01"]}]}"#)
        let signed = try tx.signed(with: Self.key)
        var json = signed.json
        #expect(json.from == Self.key.publicKey.address.description)
        #expect(json.hash == Hex.encode(signed.hash))
        json.hash = nil; json.v = nil; json.r = nil; json.s = nil; json.yParity = nil
        let (parsed, from) = try Transaction.parse(json)
        #expect(parsed == tx)
        #expect(from == Self.key.publicKey.address)
    }
}

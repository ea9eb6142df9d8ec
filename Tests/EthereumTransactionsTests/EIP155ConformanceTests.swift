import TestSupport
import EthereumCore
import Foundation
import Secp256k1
import Testing
@testable import EthereumTransactions

/// The worked example of EIP-155 (vectors/secp256k1-tx/eip155_example.json, transcribed from the EIP).
@Suite struct EIP155ConformanceTests {
    struct Vector: Decodable {
        struct Tx: Decodable {
            let nonce: UInt64
            let gas_price: String
            let gas_limit: UInt64
            let to: String
            let value: String
            let data: String
            let chain_id: UInt64
        }
        let tx: Tx
        let signing_data: String
        let signing_hash: String
        let private_key: String
        let v: Int
        let r: String
        let s: String
        let signed_tx: String
    }

    @Test func eip155Example() throws {
        let vector = try JSONDecoder().decode(Vector.self, from: Vectors.data("secp256k1-tx/eip155_example.json"))
        let tx = Transaction(
            type: .legacy, chainID: vector.tx.chain_id, nonce: vector.tx.nonce, gasPrice: try UInt256(parsing: vector.tx.gas_price),
            gas: vector.tx.gas_limit, to: try Address(vector.tx.to), value: try UInt256(parsing: vector.tx.value),
            data: try Hex.decode(vector.tx.data))
        #expect(Hex.encode(tx.signingPayload) == vector.signing_data)
        #expect(Hex.encode(tx.signingHash) == vector.signing_hash)

        let key = try PrivateKey(bytes: Hex.decode(vector.private_key))
        let signed = try tx.signed(with: key)
        #expect(signed.signature.r.description == vector.r)
        #expect(signed.signature.s.description == vector.s)
        #expect(tx.legacyV(yParity: signed.signature.yParity) == UInt256(UInt64(vector.v)))
        #expect(Hex.encode(signed.raw) == vector.signed_tx)

        let decoded = try SignedTransaction(decoding: Hex.decode(vector.signed_tx))
        #expect(decoded.transaction == tx)
        #expect(decoded.from == key.publicKey.address)
        #expect(decoded.hash == signed.hash)
    }
}

import TestSupport
import EthereumCore
import Foundation
import Secp256k1
import Testing
@testable import EthereumTransactions

/// EthereumTransactions against eth-account (PyPI, scripts/requirements-test.txt) on random input:
/// byte-identical raw transactions, hashes and signatures; each side decodes the other's output.
@Suite struct EthAccountDifferentialTests {
    static let perKind = 1000

    struct Request: Encodable {
        struct Tx: Encodable { let key: String; let tx: TransactionJSON; let swiftRaw: String }
        struct Message: Encodable { let key: String; let message: String }
        struct Typed: Encodable { let key: String; let data: JSONValue }
        var transactions: [Tx] = []
        var messages: [Message] = []
        var typedData: [Typed] = []
    }
    struct Response: Decodable {
        struct Tx: Decodable { let raw: String; let hash: String; let swiftSender: String }
        struct Signature: Decodable { let signature: String }
        let transactions: [Tx]
        let messages: [Signature]
        let typedData: [Signature]
    }

    @Test func matchesEthAccount() throws {
        var gen = RandomInputs(rng: SystemRandomNumberGenerator())
        let kinds: [(TransactionType, Bool)] = [(.legacy, false), (.legacy, true), (.accessList, true), (.dynamicFee, true), (.blob, true), (.setCode, true)]
        var request = Request()
        var keys: [PrivateKey] = [], signed: [SignedTransaction] = [], messages: [[UInt8]] = [], typed: [TypedData] = []
        func keyText(_ key: PrivateKey) -> String { key.withUnsafeSecretBytes { Hex.encode($0) } }  // test keys only
        for (type, chain) in kinds {
            for _ in 0..<Self.perKind {
                let key = PrivateKey.generate()
                let json = gen.transaction(type, chain: chain)
                let tx = try Transaction.parse(json).transaction
                #expect(tx.type == type)
                let s = try tx.signed(with: key)
                keys.append(key)
                signed.append(s)
                request.transactions.append(.init(key: keyText(key), tx: json, swiftRaw: Hex.encode(s.raw)))
            }
        }
        var messageKeys: [PrivateKey] = [], typedKeys: [PrivateKey] = []
        for _ in 0..<Self.perKind {
            let key = PrivateKey.generate()
            let message = gen.bytes([0, 1, 5, 32, 100, 1000].randomElement(using: &gen.rng)!)
            messageKeys.append(key)
            messages.append(message)
            request.messages.append(.init(key: keyText(key), message: Hex.encode(message)))

            let typedKey = PrivateKey.generate()
            let doc = gen.typedData()
            typedKeys.append(typedKey)
            typed.append(try TypedData(json: JSONEncoder().encode(doc)))
            request.typedData.append(.init(key: keyText(typedKey), data: doc))
        }

        let response = try PythonReference.run("eth_account_reference.py", request, as: Response.self)
        try #require(response.transactions.count == signed.count)
        var mismatches = 0
        for (i, s) in signed.enumerated() {
            let reference = response.transactions[i]
            let ok = Hex.encode(s.raw) == reference.raw && Hex.encode(s.hash) == reference.hash
            if !ok, mismatches < 5 {
                Issue.record("type \(s.transaction.type) #\(i): raw differs\n swift \(Hex.encode(s.raw))\n eth-account \(reference.raw)")
            }
            if !ok { mismatches += 1 }
            #expect(reference.swiftSender == keys[i].publicKey.address.description, "eth-account recovers another sender, #\(i)")
            // Decoding eth-account's raw gives back the same transaction, sender and bytes.
            let decoded = try SignedTransaction(decoding: Hex.decode(reference.raw))
            #expect(decoded.transaction == s.transaction, "#\(i)")
            #expect(decoded.from == keys[i].publicKey.address, "#\(i)")
            #expect(decoded.raw == s.raw, "#\(i)")
        }
        #expect(mismatches == 0, "\(mismatches) of \(signed.count) transactions differ")
        for i in messages.indices {
            let ours = try PersonalMessage.sign(messages[i], with: messageKeys[i]).rsv
            #expect(Hex.encode(ours) == response.messages[i].signature, "EIP-191 #\(i)")
            #expect(try PersonalMessage.recover(messages[i], signature: Hex.decode(response.messages[i].signature)) == messageKeys[i].publicKey.address)
        }
        for i in typed.indices {
            let ours = try typed[i].sign(with: typedKeys[i]).rsv
            let doc = String(decoding: try JSONEncoder().encode(request.typedData[i].data), as: UTF8.self)
            #expect(Hex.encode(ours) == response.typedData[i].signature, "EIP-712 #\(i): \(doc)")
            #expect(try typed[i].recover(signature: Hex.decode(response.typedData[i].signature)) == typedKeys[i].publicKey.address)
        }
    }
}

import EthereumCore
import Foundation
import Secp256k1
import Testing
@testable import EthereumTransactions

/// EIP-712's own example (https://eips.ethereum.org/EIPS/eip-712, assets/eip-712/Example.js) and EIP-191.
@Suite struct TypedDataTests {
    static let mail = #"""
    {
      "types": {
        "EIP712Domain": [
          {"name": "name", "type": "string"}, {"name": "version", "type": "string"},
          {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}
        ],
        "Person": [{"name": "name", "type": "string"}, {"name": "wallet", "type": "address"}],
        "Mail": [{"name": "from", "type": "Person"}, {"name": "to", "type": "Person"}, {"name": "contents", "type": "string"}]
      },
      "primaryType": "Mail",
      "domain": {"name": "Ether Mail", "version": "1", "chainId": 1, "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
      "message": {
        "from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
        "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
        "contents": "Hello, Bob!"
      }
    }
    """#

    @Test func eip712Example() throws {
        let data = try TypedData(json: Data(Self.mail.utf8))
        #expect(try data.encodeType("Mail") == "Mail(Person from,Person to,string contents)Person(string name,address wallet)")
        #expect(Hex.encode(try data.typeHash("Mail")) == "0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2")
        #expect(Hex.encode(try data.domainSeparator()) == "0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f")
        #expect(Hex.encode(try data.signingHash()) == "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2")
        // The example signs with keccak256("cow").
        let key = try PrivateKey(bytes: Keccak256.hash(Array("cow".utf8)))
        #expect(key.publicKey.address.description == "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")
        let sig = try data.sign(with: key)
        #expect(sig.yParity == 1)  // v = 28
        #expect(sig.r.hexQuantity == "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d")
        #expect(sig.s.hexQuantity == "0x7299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562")
        #expect(try data.recover(signature: sig.rsv) == key.publicKey.address)
    }

    @Test func badDocumentsNameThePath() throws {
        func expectError(_ edit: (inout String) -> Void, field: String, sourceLocation: SourceLocation = #_sourceLocation) {
            var text = Self.mail
            edit(&text)
            do {
                _ = try TypedData(json: Data(text.utf8)).signingHash()
                Issue.record("accepted", sourceLocation: sourceLocation)
            } catch {
                #expect(error.code == .invalidTypedData, sourceLocation: sourceLocation)
                #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
            }
        }
        expectError({ $0 = $0.replacingOccurrences(of: #""contents": "Hello, Bob!""#, with: #""contents": 5"#) }, field: "message.contents")
        expectError({ $0 = $0.replacingOccurrences(of: "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB", with: "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbb") }, field: "message.to.wallet")
        expectError({ $0 = $0.replacingOccurrences(of: #""name": "Bob", "#, with: "") }, field: "message.to.name")
        expectError({ $0 = $0.replacingOccurrences(of: #""contents": "Hello, Bob!""#, with: #""contents": "x", "extra": 1"#) }, field: "message.extra")
        expectError({ $0 = $0.replacingOccurrences(of: #""type": "Person"}, {"name": "to""#, with: #""type": "Persona"}, {"name": "to""#) }, field: "types.Mail.from")
        expectError({ $0 = $0.replacingOccurrences(of: #""chainId": 1,"#, with: #""chainId": -1,"#) }, field: "domain.chainId")
        expectError({ $0 = $0.replacingOccurrences(of: #""primaryType": "Mail""#, with: #""primaryType": "Mail", "colour": 1"#) }, field: "colour")
    }

    @Test func integersAndFixedBytes() throws {
        func hash(_ type: String, _ value: String) throws(EthereumTransactionsError) -> [UInt8] {
            let doc = #"{"types": {"EIP712Domain": [], "T": [{"name": "v", "type": "\#(type)"}]}, "primaryType": "T", "domain": {}, "message": {"v": \#(value)}}"#
            return try TypedData(json: Data(doc.utf8)).signingHash()
        }
        #expect(try hash("int8", "-128") == hash("int8", #""-128""#))
        #expect(try hash("uint256", "255") == hash("uint256", #""0xff""#))
        #expect(throws: EthereumTransactionsError(.invalidTypedData, "")) { try hash("int8", "128") }
        #expect(throws: EthereumTransactionsError(.invalidTypedData, "")) { try hash("int8", "-129") }
        #expect(throws: EthereumTransactionsError(.invalidTypedData, "")) { try hash("uint8", "256") }
        #expect(throws: EthereumTransactionsError(.invalidTypedData, "")) { try hash("uint8", "-1") }
        #expect(throws: EthereumTransactionsError(.invalidTypedData, "")) { try hash("bytes2", #""0x01""#) }
        #expect(throws: EthereumTransactionsError(.invalidTypedData, "")) { try hash("uint7", "1") }
        #expect(throws: EthereumTransactionsError(.invalidTypedData, "")) { try hash("bytes33", #""0x01""#) }
        #expect(throws: EthereumTransactionsError(.invalidTypedData, "")) { try hash("uint8[2]", "[1]") }
    }

    @Test func personalSign() throws {
        let key = try PrivateKey(bytes: [UInt8](repeating: 0x46, count: 32))
        let message = Array("hello".utf8)
        let sig = try PersonalMessage.sign(message, with: key)
        #expect(sig.rsv.count == 65 && (sig.rsv[64] == 27 || sig.rsv[64] == 28))
        #expect(try PersonalMessage.recover(message, signature: sig.rsv) == key.publicKey.address)
        #expect(try PersonalMessage.recover(Array("hellO".utf8), signature: sig.rsv) != key.publicKey.address)
        // The prefix is "\x19Ethereum Signed Message:\n" followed by the decimal length.
        #expect(PersonalMessage.hash(message) == Keccak256.hash(Array("\u{19}Ethereum Signed Message:\n5hello".utf8)))
        var bad = sig.rsv
        bad[64] = 29
        #expect(throws: EthereumTransactionsError(.invalidSignature, "")) { try PersonalMessage.recover(message, signature: bad) }
    }

    /// A long chain of struct types and many instances: each type's hash is computed once, not
    /// per instance (200 types and 2,000 instances took seconds before), and documents with more
    /// than `maximumTypes` types are refused.
    @Test func typeHashesAreComputedOncePerDocument() throws {
        func document(types count: Int, instances: Int) -> Data {
            var types = "\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"string\"}],\"R\":[{\"name\":\"xs\",\"type\":\"T0[]\"}]"
            for i in 0..<count {
                types += i + 1 < count ? ",\"T\(i)\":[{\"name\":\"n\",\"type\":\"T\(i + 1)[]\"}]" : ",\"T\(i)\":[{\"name\":\"s\",\"type\":\"string\"}]"
            }
            let xs = Array(repeating: count > 1 ? "{\"n\":[]}" : "{\"s\":\"x\"}", count: instances).joined(separator: ",")
            return Data("{\"types\":{\(types)},\"primaryType\":\"R\",\"domain\":{\"name\":\"d\"},\"message\":{\"xs\":[\(xs)]}}".utf8)
        }
        let typed = try TypedData(json: document(types: 200, instances: 2000))
        let key = try PrivateKey(bytes: [UInt8](repeating: 0x46, count: 32))
        #expect(try typed.recover(signature: try typed.sign(with: key).rsv) == key.publicKey.address)
        // The cached type hash is the one encodeType gives.
        #expect(try typed.typeHash("T0") == Keccak256.hash(Array(try typed.encodeType("T0").utf8)))
        #expect(throws: EthereumTransactionsError.self) { try TypedData(json: document(types: TypedData.maximumTypes, instances: 1)) }
    }

    /// The text form refuses what two readers could read differently.
    @Test func repeatedAndNonASCIIMemberNamesAreRefused() {
        let twice = #"{"types":{"EIP712Domain":[{"name":"name","type":"string"}],"M":[{"name":"c","type":"string"}]},"primaryType":"M","domain":{"name":"x"},"message":{"c":"EVIL","c":"Hello"}}"#
        let kelvin = #"{"types":{"EIP712Domain":[{"name":"name","type":"string"}],"M":[{"name":"K","type":"string"}]},"primaryType":"M","domain":{"name":"x"},"message":{"\u212a":"x"}}"#
        // Names given as values: a field, a primary type and a member type spelled with a Kelvin sign.
        let field = #"{"types":{"EIP712Domain":[{"name":"name","type":"string"}],"M":[{"name":"\u212aey","type":"uint256"}]},"primaryType":"M","domain":{"name":"X"},"message":{"Key":7}}"#
        let primary = #"{"types":{"EIP712Domain":[{"name":"name","type":"string"}],"Key":[{"name":"v","type":"uint256"}]},"primaryType":"\u212aey","domain":{"name":"X"},"message":{"v":5}}"#
        let memberType = #"{"types":{"EIP712Domain":[{"name":"name","type":"string"}],"Key":[{"name":"v","type":"uint256"}],"M":[{"name":"k","type":"\u212aey"}]},"primaryType":"M","domain":{"name":"X"},"message":{"k":{"v":1}}}"#
        for text in [twice, kelvin, field, primary, memberType] {
            #expect(throws: EthereumTransactionsError.self, "\(text)") { try TypedData(json: Data(text.utf8)) }
        }
    }
}

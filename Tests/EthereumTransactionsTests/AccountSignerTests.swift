import EthereumCore
import EthereumTransactions
import Foundation
import Secp256k1
import Testing

/// ``AccountSigner`` with the local key, and with a backend that signs with another key: the
/// `from` check and the recovery check happen once, for every backend.
@Suite struct AccountSignerTests {
    /// The EIP-155 example's key (0x46…46): a public test key.
    static let key = try! PrivateKey(bytes: [UInt8](repeating: 0x46, count: 32))
    static let other = try! PrivateKey(bytes: [UInt8](repeating: 0x47, count: 32))
    static let transactionJSON = #"{"chainId": "0x1", "nonce": "0x9", "gasPrice": "0x4a817c800", "gas": "0x5208", "to": "0x3535353535353535353535353535353535353535", "value": "0xde0b6b3a7640000"}"#

    /// A backend that answers with the signature of another key (a wrong KMS key id, a corrupted
    /// enclave answer) while claiming `address`.
    struct Impostor: AccountSigner {
        let address: Address
        func signature(forDigest digest: [UInt8]) throws -> RecoverableSignature { try AccountSignerTests.other.signature(forDigest: digest) }
    }

    @Test func theLocalSignerSignsAsTheKeyAndAcceptsItsOwnFrom() async throws {
        let signer = LocalAccountSigner(key: Self.key)
        let (transaction, _) = try Transaction.parse(json: Data(Self.transactionJSON.utf8))
        let signed = try await signer.sign(transaction, from: signer.address)
        #expect(signed.from == signer.address)
        #expect(signed.raw == (try transaction.signed(with: Self.key)).raw, "the same bytes as the direct local path")
        let message = Array("hello".utf8)
        #expect(try PersonalMessage.recover(message, signature: try await signer.signPersonalMessage(message).rsv) == signer.address)
        let typed = try TypedData(json: Data(TypedDataTests.mail.utf8))
        #expect(try typed.recover(signature: try await signer.sign(typed).rsv) == signer.address)
    }

    @Test func aTransactionFromAnotherAddressIsRefusedBeforeSigning() async throws {
        let signer = LocalAccountSigner(key: Self.key)
        let json = Self.transactionJSON.replacingOccurrences(of: "{", with: #"{"from": "0x3535353535353535353535353535353535353535", "#)
        let (transaction, from) = try Transaction.parse(json: Data(json.utf8))
        await #expect {
            _ = try await signer.sign(transaction, from: from)
        } throws: { error in
            guard let error = error as? EthereumTransactionsError else { return false }
            return error.code == .invalidField && error.field == "from" && "\(error)".hasPrefix("from: 0x3535")
        }
    }

    @Test func aSignatureByAnotherKeyIsNeverReturned() async throws {
        let impostor = Impostor(address: Self.key.publicKey.address)
        let (transaction, _) = try Transaction.parse(json: Data(Self.transactionJSON.utf8))
        for attempt in [
            { _ = try await impostor.sign(transaction) },
            { _ = try await impostor.signPersonalMessage(Array("hello".utf8)) },
            { _ = try await impostor.sign(try TypedData(json: Data(TypedDataTests.mail.utf8))) },
        ] as [() async throws -> Void] {
            await #expect(throws: EthereumTransactionsError(.invalidSignature, "")) { try await attempt() }
        }
    }
}

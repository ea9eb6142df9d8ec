import AWSClients
import AWSTestSupport
import EthereumCore
import EthereumTransactions
import Foundation
import KMSAccount
import Secp256k1
import Testing

/// The KMS-held account against moto_server's KMS: the address from `GetPublicKey` is the signer
/// recovered from every transaction, message and typed-data signature, by EtherKeep and by eth-account.
@Suite(.enabled(if: Moto.shouldRun, "needs moto_server (scripts/test)"))
struct KMSEthereumAccountTests {
    private static func withAccount(_ body: (KMSEthereumAccount, KMSClient) async throws -> Void) async throws {
        try await Moto.withContext { context in
            let kms = try KMSClient(context: context)
            let key = try await kms.createKey(usage: "SIGN_VERIFY", spec: "ECC_SECG_P256K1", description: "etherkeep test account")
            try await body(try await KMSEthereumAccount.load(kms: kms, keyID: key.keyID), kms)
        }
    }

    @Test func everySignatureRecoversToTheKMSAddress() async throws {
        try await Self.withAccount { account, _ in
            var request = EthAccountRecovery.Request()
            var parities: Set<UInt8> = []
            let halfOrder = try UInt256(parsing: "0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0")
            // Sixteen nonces per type: both recovery ids turn up (each has probability 1/2).
            for nonce in 0..<16 {
                for json in Fixtures.transactions(nonce: nonce) {
                    let (transaction, _) = try Transaction.parse(json: Data(json.utf8))
                    let signed = try await account.sign(transaction)
                    parities.insert(signed.signature.yParity)
                    #expect(signed.from == account.address)
                    #expect(signed.signature.s <= halfOrder)
                    let decoded = try SignedTransaction(decoding: signed.raw)
                    #expect(decoded.from == account.address)
                    #expect(decoded.hash == signed.hash)
                    request.transactions.append(Hex.encode(signed.raw))
                }
                let message = Array("message \(nonce)".utf8)
                let signature = try await account.signPersonalMessage(message)
                #expect(try PersonalMessage.recover(message, signature: signature.rsv) == account.address)
                request.messages.append(.init(message: Hex.encode(message), signature: Hex.encode(signature.rsv)))
            }
            let typed = try TypedData(json: Data(Fixtures.mailTypedData.utf8))
            let typedSignature = try await account.sign(typed)
            #expect(try typed.recover(signature: typedSignature.rsv) == account.address)
            request.typedData.append(.init(data: .init(text: Fixtures.mailTypedData), signature: Hex.encode(typedSignature.rsv)))
            #expect(parities == [0, 1])

            let recovered = try EthAccountRecovery.recover(request)
            let expected = account.address.description
            #expect(recovered.transactions.count == 64)
            #expect(recovered.transactions.allSatisfy { $0 == expected })
            #expect(recovered.messages.count == 16 && recovered.messages.allSatisfy { $0 == expected })
            #expect(recovered.typedData == [expected])
        }
    }

    /// The `from` check of ``AccountSigner`` holds for the KMS backend as for the local key.
    @Test func aTransactionFromAnotherAddressIsRefused() async throws {
        try await Self.withAccount { account, _ in
            let stranger = #"{"from":"0x3535353535353535353535353535353535353535","#
            let (transaction, from) = try Transaction.parse(json: Data(Fixtures.transactions(nonce: 0)[0].replacingOccurrences(of: "{", with: stranger).utf8))
            await #expect {
                _ = try await account.sign(transaction, from: from)
            } throws: { error in
                (error as? EthereumTransactionsError)?.field == "from" && "\(error)".contains(account.address.description)
            }
            let own = #"{"from":"\#(account.address)","#
            let (same, sender) = try Transaction.parse(json: Data(Fixtures.transactions(nonce: 0)[0].replacingOccurrences(of: "{", with: own).utf8))
            #expect(try await account.sign(same, from: sender).from == account.address)
        }
    }

    @Test func addressIsKeccakOfTheKMSPublicKey() async throws {
        try await Self.withAccount { account, kms in
            let (der, spec) = try await kms.getPublicKey(keyID: account.keyID)
            #expect(spec == "ECC_SECG_P256K1")
            // The SubjectPublicKeyInfo ends with the 65-byte uncompressed point 04 ‖ x ‖ y.
            let point = Array(der.suffix(65))
            #expect(point.first == 0x04)
            let hash = Keccak256.hash(Array(point.dropFirst()))
            #expect(account.address.bytes == Array(hash.suffix(20)))
        }
    }

    @Test func aKeyOfAnotherSpecIsRefused() async throws {
        try await Moto.withContext { context in
            let kms = try KMSClient(context: context)
            let key = try await kms.createKey(usage: "SIGN_VERIFY", spec: "ECC_NIST_P256")
            await #expect {
                _ = try await KMSEthereumAccount.load(kms: kms, keyID: key.keyID)
            } throws: { error in
                (error as? KMSAccountError)?.code == .unsuitableKey && "\(error)".contains("ECC_NIST_P256")
            }
        }
    }

    @Test func anUnknownKeyNamesTheKey() async throws {
        try await Moto.withContext { context in
            let kms = try KMSClient(context: context)
            await #expect {
                _ = try await KMSEthereumAccount.load(kms: kms, keyID: "11111111-2222-3333-4444-555555555555")
            } throws: { error in
                (error as? KMSAccountError)?.code == .kms && "\(error)".contains("11111111-2222-3333-4444-555555555555")
            }
        }
    }
}

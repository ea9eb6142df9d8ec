import AWSClients
import AWSCore
import EthereumCore
import EthereumTransactions
import KMSAccount
import Secp256k1

/// The key an `account` command signs with: a local key (`--key-file`) or a KMS key (`--kms-key-id`).
enum AccountSigner {
    case local(PrivateKey)
    case kms(KMSEthereumAccount)

    /// The account's address.
    var address: Address {
        switch self {
        case .local(let key): key.publicKey.address
        case .kms(let account): account.address
        }
    }

    /// Signs a transaction.
    func sign(_ transaction: Transaction) async throws -> SignedTransaction {
        switch self {
        case .local(let key): try transaction.signed(with: key)
        case .kms(let account): try await account.sign(transaction)
        }
    }

    /// EIP-191 personal_sign.
    func signPersonalMessage(_ message: [UInt8]) async throws -> TransactionSignature {
        switch self {
        case .local(let key): try PersonalMessage.sign(message, with: key)
        case .kms(let account): try await account.signPersonalMessage(message)
        }
    }

    /// EIP-712.
    func sign(_ typedData: TypedData) async throws -> TransactionSignature {
        switch self {
        case .local(let key): try typedData.sign(with: key)
        case .kms(let account): try await account.sign(typedData)
        }
    }
}

extension KeyOptions {
    /// Runs `body` with the signer the options name; closes the AWS connection afterwards.
    func withSigner<R>(_ body: (AccountSigner) async throws -> R) async throws -> R {
        guard let kmsKeyID else { return try await body(.local(try loadKey())) }
        let transport = AHCTransport()
        do {
            let context = try AWSContext.make(transport: transport)
            let account: KMSEthereumAccount
            do {
                account = try await KMSEthereumAccount.load(kms: try KMSClient(context: context), keyID: kmsKeyID)
            } catch {
                throw CLIError("--kms-key-id: \(error)")
            }
            let result = try await body(.kms(account))
            try await transport.shutdown()
            return result
        } catch let error as KMSAccountError {
            try? await transport.shutdown()
            throw CLIError(error.reason)
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }
}

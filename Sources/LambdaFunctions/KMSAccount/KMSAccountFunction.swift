import AWSClients
import AWSCore
import EthereumCore
import EthereumTransactions
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
package import KMSAccount
package import LambdaRuntime

/// `ETHERKEEP_FUNCTION=kms-account`: the KMS-held Ethereum account as a Lambda function.
///
/// Environment: `KMS_KEY_ID` (an `ECC_SECG_P256K1` `SIGN_VERIFY` key). Operations: `status`,
/// `sign` (the reference's legacy and EIP-1559 forms), `sign_transaction` (a JSON-RPC transaction
/// object), `sign_message` (EIP-191) and `sign_typed_data` (EIP-712); see ``KMSAccountRequest``.
package struct KMSAccountFunction: LambdaHandler {
    private let account: KMSEthereumAccount
    private let transport: AHCTransport?

    /// - Parameter transport: the AWS transport to close at ``shutdown()``, if the function owns it.
    init(account: KMSEthereumAccount, transport: AHCTransport? = nil) {
        self.account = account
        self.transport = transport
    }

    /// Builds the function from the process environment: reads `KMS_KEY_ID` and loads the key's
    /// public key once (a wrong key spec is an init error, reported before any invocation).
    package static func make(environment: [String: String]) async throws -> KMSAccountFunction {
        let keyID = try FunctionEnvironment.required("KMS_KEY_ID", in: environment)
        let transport = AHCTransport()
        do {
            let context = try AWSContext.make(environment: AWSEnvironment(variables: environment), transport: transport)
            let account = try await KMSEthereumAccount.load(kms: try KMSClient(context: context), keyID: keyID)
            return KMSAccountFunction(account: account, transport: transport)
        } catch let error as KMSAccountError {
            try? await transport.shutdown()
            throw LambdaFunctionsError(.invalidConfiguration, error.reason)
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    package func shutdown() async {
        try? await transport?.shutdown()
    }

    package func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let operation = try KMSAccountOperation.parse(event)
        do {
            switch operation {
            case .status:
                return try Self.json(KMSAccountStatusResponse(eth_checksum_address: account.address.description))
            case .signTransaction(let transaction, let from):
                let signed = try await account.sign(transaction, from: from)
                return try Self.json(KMSAccountSignedTransactionResponse(signed_tx_hash: Hex.encode(signed.hash), signed_tx_payload: Hex.encode(signed.raw)))
            case .signMessage(let message):
                let signature = try await account.signPersonalMessage(message)
                return try Self.json(KMSAccountSignatureResponse(signature: Hex.encode(signature.rsv)))
            case .signTypedData(let typedData):
                let signature = try await account.sign(typedData)
                return try Self.json(KMSAccountSignatureResponse(signature: Hex.encode(signature.rsv)))
            }
        } catch let error as KMSAccountError {
            throw LambdaFunctionsError(.serviceFailure, error.reason, awsCode: error.awsCode)
        } catch let error as EthereumTransactionsError {
            // The request (the `from` check, a transaction or typed data that cannot be signed) or a
            // signature that is not the account's.
            guard error.code != .invalidSignature else { throw LambdaFunctionsError(.serviceFailure, "\(error)") }
            let member = operation.payloadMember
            throw LambdaFunctionsError(.invalidPayload, error.field == nil ? "\(member): \(error)" : "\(member).\(error)")
        }
    }

    private static func json(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}

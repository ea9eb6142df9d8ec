import AWSClients
import AWSCore
import Crypto
import EnclaveProtocol
import EthereumCore
import EthereumTransactions
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
package import LambdaRuntime
import Secp256k1

/// `ETHERKEEP_FUNCTION=wallet`: the Nitro wallet reference's function, in front of an account key
/// that only the attested enclave can decrypt.
///
/// Environment: `KMS_KEY_ARN` (the key the account key is encrypted under; this function may
/// only `Encrypt`), `WALLET_SECRET_ID` (the Secrets Manager secret holding the ``WalletKeyRecord``)
/// and `WALLET_HOST_URL` (the parent instance's `etherkeep enclave wallet-host`, `http://host:port`
/// inside the VPC). Operations:
///
/// - `{"operation":"set_key","eth_key":"<64 hex>"}`: the key is checked (32 bytes in [1, n − 1]),
///   encrypted with KMS `Encrypt` under the context `{"address": <its address>}`, and the record
///   stored in the secret (created, or a new version); the answer is `{"address": "0x…"}` only.
/// - `{"operation":"sign_transaction","transaction_payload":{…}}` (value in ether, as the
///   reference): the payload is checked here (``Transaction/parse(walletRequest:)``), then the
///   request is passed byte for byte to the wallet host, whose enclave signs; the answer is
///   `{"signed_tx", "tx_hash", "from"}`.
package struct WalletFunction: LambdaHandler {
    let kms: KMSClient
    let secrets: SecretsManagerClient
    let keyARN: String
    let secretID: String
    /// `WALLET_HOST_URL` without a trailing slash.
    let hostOrigin: String
    let transport: AHCTransport

    /// How long the wallet host may take (inside the function's 30 s).
    static let hostTimeoutSeconds = 20.0

    /// Builds the function from the process environment.
    ///
    /// - Throws: ``LambdaFunctionsError/Code/invalidConfiguration`` naming a missing or bad variable.
    package static func make(environment: [String: String]) async throws -> WalletFunction {
        let keyARN = try FunctionEnvironment.required("KMS_KEY_ARN", in: environment)
        let secretID = try FunctionEnvironment.required("WALLET_SECRET_ID", in: environment)
        let url = try FunctionEnvironment.required("WALLET_HOST_URL", in: environment)
        guard let components = URLComponents(string: url), ["http", "https"].contains(components.scheme ?? ""), components.host?.isEmpty == false,
              components.path.isEmpty || components.path == "/", components.query == nil
        else {
            throw LambdaFunctionsError(.invalidConfiguration, "WALLET_HOST_URL \"\(url.prefix(100))\": must be http(s)://<wallet host>[:port]")
        }
        let transport = AHCTransport()
        do {
            let context = try AWSContext.make(environment: AWSEnvironment(variables: environment), transport: transport)
            return WalletFunction(
                kms: try KMSClient(context: context), secrets: try SecretsManagerClient(context: context), keyARN: keyARN, secretID: secretID,
                hostOrigin: url.hasSuffix("/") ? String(url.dropLast()) : url, transport: transport)
        } catch {
            try? await transport.shutdown()
            throw LambdaFunctionsError(.invalidConfiguration, "\(error)")
        }
    }

    package func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        struct Operation: Decodable { let operation: String }
        let operation = try StrictJSON.decode(Operation.self, from: event, allowed: ["operation", "eth_key", "transaction_payload"]).operation
        switch operation {
        case "set_key": return try await setKey(event)
        case "sign_transaction": return try await signTransaction(event)
        default:
            throw LambdaFunctionsError(.invalidPayload, "operation must be one of set_key, sign_transaction, got \"\(operation.prefix(64))\"")
        }
    }

    package func shutdown() async {
        try? await transport.shutdown()
    }

    /// `set_key`: check, encrypt for the enclave, store; answer with the address.
    private func setKey(_ event: [UInt8]) async throws(LambdaFunctionsError) -> [UInt8] {
        struct Request: Decodable { let operation: String; let eth_key: String }
        let request = try StrictJSON.decode(Request.self, from: event, allowed: ["operation", "eth_key"])
        let hex = request.eth_key.hasPrefix("0x") ? String(request.eth_key.dropFirst(2)) : request.eth_key
        guard hex.utf8.count == 64, var bytes = try? Hex.decode(hex) else {
            throw LambdaFunctionsError(.invalidPayload, "eth_key must be 64 hex digits (a 32-byte secp256k1 key)")
        }
        defer { for index in bytes.indices { bytes[index] = 0 } }
        let key: PrivateKey
        do { key = try PrivateKey(bytes: bytes) } catch {
            throw LambdaFunctionsError(.invalidPayload, "eth_key is not a secp256k1 key: \(error.reason)")
        }
        let address = key.publicKey.address.description
        let ciphertext: [UInt8]
        do throws(AWSError) {
            ciphertext = try await kms.encrypt(keyID: keyARN, plaintext: SymmetricKey(data: bytes), context: WalletKeyRecord.encryptionContext(address: address))
        } catch {
            throw LambdaFunctionsError(.serviceFailure, "KMS Encrypt of the key failed, nothing stored: \(error.reason)", awsCode: error.awsCode)
        }
        let record = SymmetricKey(data: WalletKeyRecord(address: address, encryptedKey: ciphertext).json)
        do throws(AWSError) {
            do throws(AWSError) {
                _ = try await secrets.putSecretValue(id: secretID, value: .string(record))
            } catch where error.awsCode == "ResourceNotFoundException" {
                _ = try await secrets.createSecret(name: secretID, value: .string(record), description: "EtherKeep enclave wallet key (KMS ciphertext)")
            }
        } catch {
            throw LambdaFunctionsError(.serviceFailure, "storing the key in \(secretID) failed: \(error.reason)", awsCode: error.awsCode)
        }
        return Array(#"{"address":"\#(address)"}"#.utf8)
    }

    /// `sign_transaction`: check the payload, then the wallet host and its enclave sign.
    private func signTransaction(_ event: [UInt8]) async throws(LambdaFunctionsError) -> [UInt8] {
        // Only these two members go on to the parent (never an eth_key sent along by mistake).
        struct Request: Decodable { let operation: String }
        _ = try StrictJSON.decode(Request.self, from: event, allowed: ["operation", "transaction_payload"])
        guard event.count <= WalletSignRequest.maximumPayloadBytes else {
            throw LambdaFunctionsError(.invalidPayload, "the payload is \(event.count) bytes; at most \(WalletSignRequest.maximumPayloadBytes)")
        }
        do {
            _ = try Transaction.parse(walletRequest: Data(event))
        } catch {
            throw LambdaFunctionsError(.invalidPayload, "\(error)")
        }
        let request = AWSHTTPRequest(
            method: "POST", origin: hostOrigin, path: "/sign_transaction", headers: [.init("Content-Type", "application/json")], body: event)
        let response: AWSHTTPResponse
        do throws(AWSError) {
            response = try await transport.send(request, timeoutSeconds: Self.hostTimeoutSeconds)
        } catch {
            throw LambdaFunctionsError(.signerFailure, "the wallet host at \(hostOrigin) did not answer: \(error.reason)")
        }
        struct Failure: Decodable { let error: String; let message: String }
        struct Signed: Decodable { let signed_tx: String; let tx_hash: String; let from: String }
        switch response.status {
        case 200:
            guard (try? JSONDecoder().decode(Signed.self, from: Data(response.body))) != nil else {
                throw LambdaFunctionsError(.signerFailure, "the wallet host's answer is not {signed_tx, tx_hash, from}")
            }
            return response.body
        default:
            let failure = try? JSONDecoder().decode(Failure.self, from: Data(response.body))
            let message = failure?.message ?? String(decoding: response.body.prefix(200), as: UTF8.self)
            if response.status == 400 { throw LambdaFunctionsError(.invalidPayload, message) }
            throw LambdaFunctionsError(.signerFailure, "the wallet host answered HTTP \(response.status): \(message)")
        }
    }
}

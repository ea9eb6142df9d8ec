package import AWSClients
package import EnclaveProtocol
import Foundation
package import Hummingbird
import HummingbirdCore
import Crypto
package import Logging
import NIOCore
package import ServiceLifecycle

/// The enclave wallet's parent side (the reference's HTTPS server on the instance): the wallet
/// function POSTs `{"transaction_payload": {…}}` to `/sign_transaction`; the host reads the
/// account's ``WalletKeyRecord`` (ciphertext) from Secrets Manager, hands it with the payload and
/// the instance's credentials to the enclave, and answers with the enclave's
/// `{"signed_tx", "tx_hash", "from"}`. It never decrypts: the key opens only in the enclave.
///
/// Answers: 200 with the signed transaction; 400 `{"error": "InvalidPayload", "message"}` for a
/// body or payload the enclave refuses (the field named); 502 `{"error": "EnclaveFailure" |
/// "ServiceFailure", "message"}` when the enclave, KMS or Secrets Manager fails.
package struct WalletHost: Sendable {
    package let enclave: SocketEndpoint
    package let secrets: SecretsManagerClient
    package let secretID: String
    package let region: String
    /// The instance's credentials now (the enclave's KMS call is made with them).
    package let credentials: @Sendable () async throws -> TemporaryCredentials
    package let logger: Logger
    /// The largest body read (a payload with a large `data`).
    package static let maximumBodyBytes = 256 << 10

    package init(
        enclave: SocketEndpoint, secrets: SecretsManagerClient, secretID: String, region: String,
        credentials: @escaping @Sendable () async throws -> TemporaryCredentials, logger: Logger
    ) {
        self.enclave = enclave
        self.secrets = secrets
        self.secretID = secretID
        self.region = region
        self.credentials = credentials
        self.logger = logger
    }

    /// Why a request was not signed: the HTTP status and the error name the answer carries.
    package struct Failure: Error, CustomStringConvertible {
        package let status: HTTPResponse.Status
        package let name: String
        package let message: String
        package var description: String { "\(name): \(message)" }
    }

    /// Signs the request `body` (`{"transaction_payload": {…}}`, passed on byte for byte) in the enclave.
    package func sign(body payload: [UInt8]) async throws(Failure) -> WalletSignature {
        let record: WalletKeyRecord
        do {
            let value = try await secrets.getSecretValue(id: secretID).value
            guard let read = value.key.withUnsafeBytes({ WalletKeyRecord(json: Array($0)) }) else {
                throw Failure(status: .badGateway, name: "ServiceFailure", message: "the secret \(secretID) holds no wallet key record: run set_key")
            }
            record = read
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(status: .badGateway, name: "ServiceFailure", message: "reading the wallet key from \(secretID) failed: \(error)")
        }
        let request: WalletSignRequest
        do {
            request = WalletSignRequest(
                region: region, credentials: try await credentials(), keyCiphertext: record.encryptedKey, address: record.address, transactionPayload: payload)
        } catch {
            throw Failure(status: .badGateway, name: "ServiceFailure", message: "no instance credentials for the enclave: \(error)")
        }
        let answer: EnclaveMessage?
        do {
            let connection = try await ControlConnection.connect(to: enclave, within: .seconds(5))
            answer = try await connection.run { reader, writer in
                try await writer.send(.signTransaction(request))
                return try await reader.next()
            }
        } catch {
            throw Failure(status: .badGateway, name: "EnclaveFailure", message: "the enclave at \(enclave) did not answer: \(error)")
        }
        switch answer {
        case .signedTransaction(let signature)?:
            return signature
        case .failure(let reason)?:
            if let payload = reason.range(of: EnclaveWallet.invalidPayload) {
                throw Failure(status: .badRequest, name: "InvalidPayload", message: String(reason[payload.upperBound...]))
            }
            throw Failure(status: .badGateway, name: "EnclaveFailure", message: reason)
        default:
            throw Failure(status: .badGateway, name: "EnclaveFailure", message: "the enclave answered out of protocol")
        }
    }

    /// The HTTP service: `POST /sign_transaction` and `GET /upcheck` on `host`:`port`.
    package func application(host: String, port: Int, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some Service {
        let router = Router()
        let logger = self.logger
        router.post("/sign_transaction") { request, _ -> Response in
            guard let body = try? await request.body.collect(upTo: Self.maximumBodyBytes) else {
                return Self.json(.contentTooLarge, ["error": "InvalidPayload", "message": "the body is larger than \(Self.maximumBodyBytes) bytes"])
            }
            do throws(Failure) {
                let signature = try await self.sign(body: Array(buffer: body))
                logger.info("wallet transaction signed", metadata: ["from": "\(signature.from)", "tx_hash": "0x\(Self.hex(signature.transactionHash))"])
                return Self.json(.ok, [
                    "signed_tx": "0x" + Self.hex(signature.signedTransaction), "tx_hash": "0x" + Self.hex(signature.transactionHash), "from": signature.from,
                ])
            } catch {
                logger.warning("wallet request refused", metadata: ["error": "\(error.name)", "reason": "\(error.message)"])
                return Self.json(error.status, ["error": error.name, "message": error.message])
            }
        }
        router.get("/upcheck") { _, _ -> Response in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "OK"))) }
        return Application(
            router: router, server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(host, port: port), serverName: "etherkeep-wallet-host"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out += [digits[Int(byte >> 4)], digits[Int(byte & 0xf)]] }
        return String(decoding: out, as: UTF8.self)
    }

    static func json(_ status: HTTPResponse.Status, _ object: [String: String]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

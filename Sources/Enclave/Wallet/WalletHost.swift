package import AWSClients
package import EnclaveProtocol
import Foundation
package import Hummingbird
import HummingbirdCore
import Crypto
import EthereumCore
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
    /// The largest body read: what the enclave accepts (``WalletSignRequest/maximumPayloadBytes``).
    package static let maximumBodyBytes = WalletSignRequest.maximumPayloadBytes
    /// How long one request may take, Secrets Manager and the enclave together: inside the
    /// function's 20 s wait for this host, so that it hears why rather than a timeout.
    package static let deadline = Duration.seconds(15)

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

    /// Signs the request `body` (`{"transaction_payload": {…}}`, passed on byte for byte) in the
    /// enclave, within ``deadline``.
    package func sign(body payload: [UInt8]) async throws(Failure) -> WalletSignature {
        guard !payload.isEmpty else { throw Failure(status: .badRequest, name: "InvalidPayload", message: "the body is empty: send {\"transaction_payload\": {…}}") }
        let outcome = await Self.first(within: Self.deadline, orElse: Result<WalletSignature, Failure>.failure(Failure(
            status: .gatewayTimeout, name: "EnclaveFailure", message: "no signature within \(Self.deadline) (Secrets Manager or the enclave)"))) {
            do throws(Failure) { return .success(try await self.signInTime(body: payload)) } catch { return .failure(error) }
        }
        return try outcome.get()
    }

    /// `body`'s result, or `fallback` once `limit` has passed (`body` is then cancelled).
    static func first<T: Sendable>(within limit: Duration, orElse fallback: T, _ body: @escaping @Sendable () async -> T) async -> T {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { await body() }
            group.addTask {
                try? await Task.sleep(for: limit)
                return Task.isCancelled ? nil : fallback
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? fallback
        }
    }

    private func signInTime(body payload: [UInt8]) async throws(Failure) -> WalletSignature {
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
            answer = try await exchange(.signTransaction(request))
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

    /// One request to the enclave and its answer; the connection closes when the task is cancelled.
    private func exchange(_ message: EnclaveMessage) async throws -> EnclaveMessage? {
        let connection = try await ControlConnection.connect(to: enclave, within: .seconds(5))
        return try await withTaskCancellationHandler {
            try await connection.run { reader, writer in
                try await writer.send(message)
                return try await reader.next()
            }
        } onCancel: {
            connection.close()
        }
    }

    /// Whether the enclave answers a status request within 3 s (what `/upcheck` reports, so that
    /// the load balancer replaces an instance whose enclave is gone).
    package func enclaveReady() async -> Bool {
        await Self.first(within: .seconds(3), orElse: false) {
            guard case .status(let status)? = try? await self.exchange(.statusRequest) else { return false }
            return status.ready
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
                logger.info("wallet transaction signed", metadata: ["from": "\(signature.from)", "tx_hash": "\(Hex.encode(signature.transactionHash, prefix: true))"])
                return Self.json(.ok, [
                    "signed_tx": Hex.encode(signature.signedTransaction, prefix: true), "tx_hash": Hex.encode(signature.transactionHash, prefix: true), "from": signature.from,
                ])
            } catch {
                logger.warning("wallet request refused", metadata: ["error": "\(error.name)", "reason": "\(error.message)"])
                return Self.json(error.status, ["error": error.name, "message": error.message])
            }
        }
        router.get("/upcheck") { _, _ -> Response in
            await self.enclaveReady()
                ? Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "OK")))
                : Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "the enclave does not answer")))
        }
        for method in [HTTPRequest.Method.get, .put, .delete, .patch] {
            router.on("/sign_transaction", method: method) { _, _ -> Response in
                Self.json(.methodNotAllowed, ["error": "MethodNotAllowed", "message": "POST only"])
            }
        }
        return Application(
            router: router, server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(host, port: port), serverName: "etherkeep-wallet-host"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    static func json(_ status: HTTPResponse.Status, _ object: [String: String]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

import ArgumentParser
import AWSClients
import AWSCore
import Enclave
import EnclaveProtocol
import Foundation
import Logging
import Secrets
import ServiceLifecycle
import UnixSignals

/// `etherkeep enclave wallet`: the wallet inside the Nitro enclave (the Nitro wallet reference's
/// enclave). One request per connection from the parent: an account key still KMS-encrypted and a
/// transaction payload; the key is decrypted here only, through the attestation, for one signature.
struct EnclaveWalletCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet", abstract: "Run the wallet inside the Nitro enclave (the parent runs `enclave wallet-host`).")

    @Option(help: "Where the parent's requests arrive.") var listen = "vsock://any:5001"
    @Option(help: "The AWS region whose KMS holds the wallet key (else ETHERKEEP_WALLET_REGION, as the image sets it).") var region: String?
    @OptionGroup var kmsRoute: EnclaveKMSOptions
    @OptionGroup var moduleOptions: EnclaveModuleOptions

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var walletLogger = Logger(label: "etherkeep.enclave-wallet")
        walletLogger.logLevel = .info
        let logger = walletLogger
        guard let region = region ?? ProcessInfo.processInfo.environment["ETHERKEEP_WALLET_REGION"], !region.isEmpty else {
            throw ValidationError("give --region (or ETHERKEEP_WALLET_REGION): the region whose KMS holds the wallet key")
        }
        let module = try moduleOptions.module()
        let credentials = ParentCredentials()
        let transport = AHCTransport()
        do {
            let (kms, proxy) = try await kmsRoute.attestedKMS(
                region: region, credentials: credentials, module: module, recipient: try RecipientKey(), transport: transport, onDevice: moduleOptions.onDevice)
            let wallet = EnclaveWallet(kms: kms, credentials: credentials, region: region)
            let listener = try await ControlConnection.listen(on: try SocketEndpoint(parsing: listen))
            logger.info("enclave wallet ready", metadata: ["listen": "\(listener.bound)"])
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await proxy.run() }
                group.addTask {
                    await withTaskGroup(of: Void.self) { requests in
                        for await connection in listener.connections {
                            requests.addTask { await Self.answer(connection, wallet: wallet, logger: logger) }
                        }
                    }
                }
                for await _ in await UnixSignalsSequence(trapping: .sigterm, .sigint) { break }
                listener.close()
                group.cancelAll()
            }
        } catch {
            try? await transport.shutdown()
            throw error
        }
        try? await transport.shutdown()
    }

    /// One request: sign, or say why not; never a crash, never the key.
    static func answer(_ connection: ControlConnection, wallet: EnclaveWallet, logger: Logger) async {
        do {
            try await connection.run { reader, writer in
                let message = try await reader.next()
                if case .statusRequest? = message {
                    try await writer.send(.status(EnclaveStatus(ready: true, keysLoaded: 0, keysFailed: 0, detail: "wallet")))
                    return
                }
                guard case .signTransaction(let request)? = message else {
                    try await writer.send(.failure("expected one sign-transaction request"))
                    return
                }
                do {
                    let signature = try await wallet.sign(request)
                    logger.info("wallet transaction signed", metadata: ["from": "\(signature.from)"])
                    try await writer.send(.signedTransaction(signature))
                } catch {
                    logger.warning("wallet request refused", metadata: ["reason": "\(error)"])
                    try await writer.send(.failure("\(error)"))
                }
            }
        } catch {
            logger.warning("wallet connection ended", metadata: ["error": "\(error)"])
        }
    }
}

/// `etherkeep enclave wallet-host`: the wallet's parent side. It serves the wallet function's
/// `POST /sign_transaction`, reads the account's KMS-encrypted key from Secrets Manager, and passes
/// it with the payload and the instance's credentials to the enclave; it never decrypts.
struct EnclaveWalletHostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet-host", abstract: "Run the wallet's parent side: HTTP for the wallet function, the key's ciphertext and KMS proxy for the enclave.")

    @Option(help: "The HTTP address the wallet function reaches (keep it inside the VPC).") var host = "0.0.0.0"
    @Option(help: "The HTTP port.") var port = 8080
    @Option(help: "The Secrets Manager secret holding the wallet key record (set_key writes it).") var secretId: String
    @Option(help: "The enclave wallet's listener.") var enclave = "vsock://16:5001"
    @Option(help: "Where the enclave's KMS traffic arrives.") var kmsListen = "vsock://any:8000"
    @Option(help: "Where it goes: default tcp://kms.REGION.amazonaws.com:443.") var kmsTarget: String?

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var hostLogger = Logger(label: "etherkeep.wallet-host")
        hostLogger.logLevel = .info
        let logger = hostLogger
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port") }
        let enclaveEndpoint = try SocketEndpoint(parsing: enclave)
        if case .tcp = enclaveEndpoint { throw ValidationError("--enclave must be vsock:// or unix://: the request carries the instance's credentials") }
        let transport = AHCTransport()
        do {
            let context = try AWSContext.make(transport: transport)
            guard let region = context.configuration.region else { throw CLIError("no AWS region (AWS_REGION or the profile's region)") }
            let kms = try await ByteProxy.bind(
                ByteProxyConfiguration(listen: try SocketEndpoint(parsing: kmsListen), target: try SocketEndpoint(parsing: kmsTarget ?? "tcp://kms.\(region).amazonaws.com:443")),
                logger: logger)
            let host = WalletHost(
                enclave: enclaveEndpoint, secrets: try SecretsManagerClient(context: context), secretID: secretId, region: region,
                credentials: { try await EnclaveHostCommand.Session.credentials(context) }, logger: logger)
            let port = self.port
            let application = host.application(host: self.host, port: port) { bound in
                logger.info("wallet host listening", metadata: ["port": "\(bound)", "enclave": "\(enclaveEndpoint)"])
            }
            var configuration = ServiceGroupConfiguration(services: [kms, application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            configuration.maximumGracefulShutdownDuration = .seconds(10)
            try await ServiceGroup(configuration: configuration).run()
        } catch {
            try? await transport.shutdown()
            throw error
        }
        try? await transport.shutdown()
    }
}

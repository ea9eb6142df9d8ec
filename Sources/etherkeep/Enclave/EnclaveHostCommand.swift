import ArgumentParser
import AWSClients
import AWSCore
import Enclave
import EnclaveProtocol
import Foundation
import LambdaFunctions
import Logging
import Secrets
import ServiceLifecycle
import Synchronization
import UnixSignals
import Vault

/// `etherkeep enclave host`: the parent instance's side. It never decrypts: it reads this signer's
/// rows (ciphertext) and the TLS row, passes them with the instance's temporary credentials to
/// the enclave, runs the byte proxies (validator clients → enclave, enclave → KMS), and restarts
/// the enclave when it exits.
struct EnclaveHostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host",
        abstract: "Run the parent instance's side of the enclave signer: rows, credentials, proxies, watchdog.")

    @Option(help: "The vault rows' web3signer_uuid this enclave signs for.") var signerUuid: String
    @Option(help: "The network (mainnet, hoodi, …).") var network: String
    @Option(help: "The DynamoDB key table (else --vault-file).") var table: String?
    @Option(help: "A SQLite key table (a one-machine run).") var vaultFile: String?
    @Option(help: "The DynamoDB TLS table (key_id 1), as set_tls_key writes it.") var tlsTable: String?
    @Option(help: "The TLS key's KMS ciphertext (a one-machine run, with --tls-cert-file).") var tlsKeyCiphertextFile: String?
    @Option(help: "The TLS certificate, PEM (with --tls-key-ciphertext-file).") var tlsCertFile: String?
    @Option(help: "The control endpoint the enclave connects to.") var controlListen = "vsock://any:5000"
    @Option(help: "Where validator clients connect (TCP pass-through: TLS ends in the enclave).") var clientListen = "tcp://0.0.0.0:9000"
    @Option(help: "The enclave's client listener.") var enclaveClients = "vsock://16:9000"
    @Option(help: "Where the enclave's KMS traffic arrives.") var kmsListen = "vsock://any:8000"
    @Option(help: "Where it goes: default tcp://kms.REGION.amazonaws.com:443.") var kmsTarget: String?
    @Option(help: "The port of the KMS proxy inside the enclave (sent in the start message).") var enclaveKmsPort = 8443
    @Option(help: "The signer's port inside the enclave (sent in the start message).") var enclaveListenPort = 9000
    @Option(help: "Slashing-protection history (EIP-3076 JSON) for the store inside the enclave, which starts empty at every boot.")
    var slashingProtectionImport: String?
    @Flag(help: "Let the enclave sign with no slashing-protection history (only for keys that never signed anywhere).")
    var allowEmptySlashingHistory = false
    @Option(help: "The command that starts the enclave (e.g. nitro-cli run-enclave …, or etherkeep enclave run …); restarted when it exits.")
    var enclaveCommand: String?

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var hostLogger = Logger(label: "etherkeep.enclave-host")
        hostLogger.logLevel = .info
        let logger = hostLogger
        guard (table == nil) != (vaultFile == nil) else { throw ValidationError("give one of --table and --vault-file") }
        if let enclaveCommand, enclaveCommand.split(separator: " ").isEmpty { throw ValidationError("--enclave-command is empty") }
        // The control connection carries the instance's credentials: never over a network.
        if case .tcp = try SocketEndpoint(parsing: controlListen) { throw ValidationError("--control-listen must be vsock:// or unix://, not TCP") }
        let transport = AHCTransport()
        do {
            try await serve(transport, logger: logger)
        } catch {
            try? await transport.shutdown()
            throw error
        }
        try? await transport.shutdown()
    }

    private func serve(_ transport: AHCTransport, logger: Logger) async throws {
        let context = try AWSContext.make(transport: transport)
        guard let region = context.configuration.region else { throw ValidationError("no AWS region (AWS_REGION or the profile's region)") }
        let store: any VaultStore = try table.map { DynamoDBVaultStore(ddb: try DynamoDBClient(context: context), table: $0) }
            ?? SQLiteVaultStore(path: vaultFile ?? "", cipherName: "kms")
        let (tlsKey, tlsCertificate) = try await tlsIdentity(context)
        let clients = try await ByteProxy.bind(ByteProxyConfiguration(listen: try SocketEndpoint(parsing: clientListen), target: try SocketEndpoint(parsing: enclaveClients)), logger: logger)
        let kms = try await ByteProxy.bind(
            ByteProxyConfiguration(listen: try SocketEndpoint(parsing: kmsListen), target: try SocketEndpoint(parsing: kmsTarget ?? "tcp://kms.\(region).amazonaws.com:443")),
            logger: logger)
        let control = try await ControlConnection.listen(on: try SocketEndpoint(parsing: controlListen))
        var history: [UInt8]?
        if let slashingProtectionImport {
            guard let data = FileManager.default.contents(atPath: slashingProtectionImport) else {
                throw ValidationError("cannot read --slashing-protection-import \(slashingProtectionImport)")
            }
            history = Array(data)
        }
        let session = Session(
            firstSession: FirstSession(),
            signerUUID: signerUuid, network: network, enclaveKMSPort: UInt16(clamping: enclaveKmsPort),
            enclaveListenPort: UInt16(clamping: enclaveListenPort), tlsKey: tlsKey, tlsCertificate: tlsCertificate,
            history: history, allowEmptyHistory: allowEmptySlashingHistory)
        let enclaveCommand = enclaveCommand
        logger.info("host ready", metadata: ["control": "\(control.bound)", "clients": "\(clients.listeningEndpoint)", "signer": "\(signerUuid)"])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await clients.run() }
            group.addTask { try await kms.run() }
            if let enclaveCommand { group.addTask { await Self.watchdog(enclaveCommand, logger: logger) } }
            group.addTask {
                for await connection in control.connections {
                    do {
                        try await session.serve(connection, store: store, context: context, logger: logger)
                    } catch {
                        logger.error("enclave connection ended", metadata: ["error": "\(error)"])
                    }
                }
            }
            for await _ in await UnixSignalsSequence(trapping: .sigterm, .sigint) { break }
            logger.info("stopping")
            control.close()
            group.cancelAll()
        }
    }

    /// The TLS key's ciphertext and the certificate: from the TLS table, or from files.
    private func tlsIdentity(_ context: AWSContext) async throws -> ([UInt8], String) {
        if let tlsKeyCiphertextFile, let tlsCertFile {
            guard let key = FileManager.default.contents(atPath: tlsKeyCiphertextFile), let certificate = try? String(contentsOfFile: tlsCertFile, encoding: .utf8) else {
                throw ValidationError("cannot read --tls-key-ciphertext-file or --tls-cert-file")
            }
            return (Array(key), certificate)
        }
        guard let tlsTable else { throw ValidationError("give --tls-table, or --tls-key-ciphertext-file with --tls-cert-file") }
        guard let item = try await DynamoDBClient(context: context).getItem(table: tlsTable, key: TLSKeyRow.key) else {
            throw ValidationError("the TLS table \(tlsTable) has no row: run set_tls_key first")
        }
        let row = try TLSKeyRow(item: item)
        return (row.encryptedKey, row.certificatePEM)
    }

    /// Runs the enclave command and starts it again whenever it exits (after a second).
    private static func watchdog(_ command: String, logger: Logger) async {
        let words = command.split(separator: " ").map(String.init)
        var pause = 1
        while !Task.isCancelled {
            let started = ContinuousClock.now
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = words
            do {
                try process.run()
                logger.info("enclave started", metadata: ["pid": "\(process.processIdentifier)"])
                await withTaskCancellationHandler {
                    while process.isRunning { try? await Task.sleep(for: .milliseconds(200)) }
                } onCancel: {
                    // SIGTERM, then SIGKILL if the enclave has not gone within 5 s.
                    process.terminate()
                    let pid = process.processIdentifier
                    Task.detached {
                        try? await Task.sleep(for: .seconds(5))
                        if process.isRunning { kill(pid, SIGKILL) }
                    }
                }
                logger.warning("enclave exited", metadata: ["status": "\(process.terminationStatus)"])
            } catch {
                logger.error("cannot start the enclave", metadata: ["error": "\(error)"])
            }
            // A quick exit is a failing start: wait longer each time (up to 30 s), not once a second forever.
            pause = ContinuousClock.now - started < .seconds(30) ? min(30, pause * 2) : 1
            try? await Task.sleep(for: .seconds(pause))
        }
    }

    /// What every enclave session is sent: the same for each connection (a restarted enclave).
    /// Whether no enclave has been started yet by this host.
    final class FirstSession: Sendable {
        private let taken = Mutex(false)
        /// True once, for the first enclave session.
        func take() -> Bool { taken.withLock { done in defer { done = true }; return !done } }
    }

    struct Session: Sendable {
        let firstSession: FirstSession
        let signerUUID: String
        let network: String
        let enclaveKMSPort: UInt16
        let enclaveListenPort: UInt16
        let tlsKey: [UInt8]
        let tlsCertificate: String
        let history: [UInt8]?
        let allowEmptyHistory: Bool

        /// One enclave session: hello, then start and the rows; then its status reports until it closes.
        func serve(_ connection: ControlConnection, store: any VaultStore, context: AWSContext, logger: Logger) async throws {
            try await connection.run { reader, writer in
                // One enclave at a time: a peer that says nothing is dropped after 10 s, so it cannot
                // keep a restarted enclave waiting.
                let silent = Task {
                    try await Task.sleep(for: .seconds(10))
                    connection.close()
                }
                let hello = try await reader.next()
                silent.cancel()
                guard case .hello(let version, _) = hello else { throw ValidationError("the peer did not open with hello within 10 s") }
                guard version == EnclaveMessage.protocolVersion else { throw ValidationError("the enclave speaks protocol \(version)") }
                // History for a store inside the enclave is good for its first boot only: a restarted
                // enclave has lost what it signed since, and a stale import would let it sign again
                // (a double vote). So later sessions get none, and the enclave refuses to serve.
                let first = firstSession.take()
                if !first, history != nil || allowEmptyHistory {
                    logger.error("the enclave restarted: its slashing-protection history inside is gone, so it will refuse to sign; restart the host with a fresh history")
                }
                try await writer.send(.start(StartSettings(
                    region: context.configuration.region ?? "us-east-1", network: network, signerUUID: signerUUID,
                    credentials: try await Self.credentials(context), kmsProxyPort: enclaveKMSPort, listenPort: enclaveListenPort,
                    slashingProtectionURL: nil, tlsKeyCiphertext: tlsKey, tlsCertificatePEM: tlsCertificate,
                    slashingProtectionInterchange: first ? history : nil, allowEmptySlashingHistory: first && allowEmptyHistory)))
                let count = try await sendRows(store, writer)
                logger.info("enclave started", metadata: ["rows": "\(count)"])
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // Temporary credentials last hours: fresh ones well before they expire.
                    group.addTask {
                        while true {
                            try await Task.sleep(for: .seconds(15 * 60))
                            try await writer.send(.credentials(try await Self.credentials(context)))
                        }
                    }
                    // SIGHUP: the rows again (added, deactivated, reassigned keys) without a restart.
                    group.addTask {
                        for await _ in await UnixSignalsSequence(trapping: .sighup) {
                            try await writer.send(.reload)
                            let sent = try await self.sendRows(store, writer)
                            logger.info("enclave reload sent", metadata: ["rows": "\(sent)"])
                        }
                    }
                    while let message = try await reader.next() {
                        if case .failure(let reason) = message { logger.error("the enclave failed", metadata: ["reason": "\(reason)"]) }
                        if case .status(let status) = message {
                            logger.info("enclave status", metadata: [
                                "ready": "\(status.ready)", "keys": "\(status.keysLoaded)", "failed": "\(status.keysFailed)", "detail": "\(status.detail)",
                            ])
                        }
                    }
                    group.cancelAll()
                }
            }
        }

        /// This signer's active rows (ciphertext), in batches, then their count.
        func sendRows(_ store: any VaultStore, _ writer: MessageWriter) async throws -> Int {
            let rows = try await store.rows(signer: signerUUID).filter(\.active)
            let messages = rows.map(VaultRowMessage.init)
            var batch = 0
            while batch < messages.count {
                try await writer.send(.keyRows(Array(messages[batch..<min(messages.count, batch + EnclaveMessage.maximumRowsPerBatch)])))
                batch += EnclaveMessage.maximumRowsPerBatch
            }
            try await writer.send(.endOfRows(count: UInt64(messages.count)))
            return messages.count
        }

        /// The instance's credentials now (the chain refreshes them before they expire).
        static func credentials(_ context: AWSContext) async throws -> TemporaryCredentials {
            guard let credentials = try await context.credentials.load() else { throw ValidationError("no AWS credentials for the instance") }
            return TemporaryCredentials(
                accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.withSecretAccessKey { SecretBytes(copying: $0) },
                sessionToken: credentials.sessionToken.map { SecretBytes(copying: Array($0.utf8)) }, expiration: credentials.expiration)
        }
    }
}

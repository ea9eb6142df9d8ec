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
import SlashingProtectionPostgres
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
    @Option(help: "The shared slashing-protection database: postgresql://USER@HOST:PORT/DB[?sslmode=…], as this instance reaches it; the enclave reaches it through --database-listen.")
    var slashingProtectionDbUrl: String?
    @Option(help: "The database password's KMS ciphertext (context purpose=etherkeep-slashing-protection-db-password); else the TLS table's row key_id 2 (set_slashing_db_password), if any.")
    var slashingProtectionDbPasswordCiphertextFile: String?
    @Option(help: "Where the enclave's PostgreSQL traffic arrives (with --slashing-protection-db-url).") var databaseListen = "vsock://any:8001"
    @Option(help: "Slashing-protection history (EIP-3076 JSON) for the store inside the enclave, which starts empty at every boot.")
    var slashingProtectionImport: String?
    @Flag(help: "Let the enclave sign with no slashing-protection history (only for keys that never signed anywhere).")
    var allowEmptySlashingHistory = false
    @Option(help: "The command that starts the enclave (nitro-cli run-enclave …, or etherkeep enclave run …); run again once the enclave is gone.")
    var enclaveCommand: String?
    @Option(help: "Run before each restart to clear a gone enclave's remains (nitro-cli terminate-enclave --all).") var enclaveStopCommand: String?
    @Option(help: "Seconds a launched enclave may take to connect before it is started again.") var enclaveStartTimeout = 120
    @Option(help: "Seconds between fresh credentials sent to the enclave (temporary credentials last hours).") var credentialRefreshInterval = 900

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var hostLogger = Logger(label: "etherkeep.enclave-host")
        hostLogger.logLevel = .info
        let logger = hostLogger
        guard (table == nil) != (vaultFile == nil) else { throw ValidationError("give one of --table and --vault-file") }
        if let enclaveCommand, enclaveCommand.split(separator: " ").isEmpty { throw ValidationError("--enclave-command is empty") }
        if let enclaveStopCommand, enclaveStopCommand.split(separator: " ").isEmpty { throw ValidationError("--enclave-stop-command is empty") }
        guard (1...3600).contains(enclaveStartTimeout) else { throw ValidationError("--enclave-start-timeout must be 1 to 3600 seconds") }
        guard (1...3600).contains(credentialRefreshInterval) else { throw ValidationError("--credential-refresh-interval must be 1 to 3600 seconds") }
        if slashingProtectionDbUrl != nil, slashingProtectionImport != nil || allowEmptySlashingHistory {
            throw ValidationError(
                "--slashing-protection-db-url keeps the history in the database: import into it with `etherkeep slashing-protection import --slashing-protection-db-url`, "
                    + "not --slashing-protection-import or --allow-empty-slashing-history")
        }
        if slashingProtectionDbPasswordCiphertextFile != nil, slashingProtectionDbUrl == nil {
            throw ValidationError("--slashing-protection-db-password-ciphertext-file needs --slashing-protection-db-url")
        }
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
        // SIGHUP is trapped for the host's whole life: one arriving while no enclave is connected
        // (a start, a restart's back-off) must not end the host.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let reloads = Reloads()
        let context = try AWSContext.make(transport: transport)
        guard let region = context.configuration.region else { throw CLIError("no AWS region (AWS_REGION or the profile's region)") }
        let store: any VaultStore = try table.map { DynamoDBVaultStore(ddb: try DynamoDBClient(context: context), table: $0) }
            ?? SQLiteVaultStore(path: vaultFile ?? "", cipherName: "kms")
        let (tlsKey, tlsCertificate) = try await tlsIdentity(context)
        let clients = try await ByteProxy.bind(ByteProxyConfiguration(listen: try SocketEndpoint(parsing: clientListen), target: try SocketEndpoint(parsing: enclaveClients)), logger: logger)
        let kms = try await ByteProxy.bind(
            ByteProxyConfiguration(listen: try SocketEndpoint(parsing: kmsListen), target: try SocketEndpoint(parsing: kmsTarget ?? "tcp://kms.\(region).amazonaws.com:443")),
            logger: logger)
        let (database, databaseProxy) = try await databaseRoute(context, logger: logger)
        let control = try await ControlConnection.listen(on: try SocketEndpoint(parsing: controlListen))
        var history: [UInt8]?
        if let slashingProtectionImport {
            // History given to an enclave once is stale from then on (the enclave signed after it,
            // and what it signed is gone with it): a marker beside the file, written when it is
            // sent, keeps a restarted host from sending it again.
            if let when = try? String(contentsOfFile: slashingProtectionImport + ".consumed", encoding: .utf8) {
                throw CLIError(
                    "--slashing-protection-import \(slashingProtectionImport) was already given to an enclave (\(when.trimmingCharacters(in: .whitespacesAndNewlines))); "
                        + "what that enclave signed since is not in it. Give fresh history, or use --slashing-protection-db-url")
            }
            guard let data = FileManager.default.contents(atPath: slashingProtectionImport) else {
                throw CLIError("cannot read --slashing-protection-import \(slashingProtectionImport)")
            }
            history = Array(data)
        }
        let session = Session(
            firstSession: FirstSession(), signerUUID: signerUuid, network: network, database: database, tlsKey: tlsKey, tlsCertificate: tlsCertificate,
            history: history, historyMarker: slashingProtectionImport.map { $0 + ".consumed" }, allowEmptyHistory: allowEmptySlashingHistory,
            credentialRefresh: .seconds(credentialRefreshInterval), reloads: reloads)
        let sessions = EnclaveSessions()
        let watchdog = enclaveCommand.map {
            EnclaveWatchdog(
                command: $0.split(separator: " ").map(String.init), stopCommand: enclaveStopCommand?.split(separator: " ").map(String.init),
                startTimeout: .seconds(enclaveStartTimeout), sessions: sessions, logger: logger)
        }
        logger.info("host ready", metadata: ["control": "\(control.bound)", "clients": "\(clients.listeningEndpoint)", "signer": "\(signerUuid)"])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await clients.run() }
            group.addTask {
                for await _ in hangups { reloads.broadcast() }
            }
            group.addTask { try await kms.run() }
            if let databaseProxy { group.addTask { try await databaseProxy.run() } }
            if let watchdog { group.addTask { await watchdog.run() } }
            group.addTask {
                for await connection in control.connections {
                    do {
                        try await sessions.track { try await session.serve(connection, store: store, context: context, logger: logger) }
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
                throw CLIError("cannot read --tls-key-ciphertext-file or --tls-cert-file")
            }
            return (Array(key), certificate)
        }
        guard let tlsTable else { throw CLIError("give --tls-table, or --tls-key-ciphertext-file with --tls-cert-file") }
        guard let item = try await DynamoDBClient(context: context).getItem(table: tlsTable, key: TLSKeyRow.key) else {
            throw CLIError("the TLS table \(tlsTable) has no row: run set_tls_key first")
        }
        let row = try TLSKeyRow(item: item)
        return (row.encryptedKey, row.certificatePEM)
    }

    /// The shared database the enclave is told of, and the proxy its traffic takes to it. The
    /// password stays KMS-encrypted here: only the enclave opens it.
    private func databaseRoute(_ context: AWSContext, logger: Logger) async throws -> (SlashingProtectionDatabase?, ByteProxy?) {
        guard let url = slashingProtectionDbUrl else { return (nil, nil) }
        // Checked here, where the operator sees the error, not first inside the enclave.
        let configuration = try PostgresConfiguration(url: url, password: nil)
        guard configuration.socketDirectory == nil else {
            throw CLIError("--slashing-protection-db-url: the enclave reaches the database over TCP, not a Unix socket (host=)")
        }
        var ciphertext: [UInt8]?
        if let file = slashingProtectionDbPasswordCiphertextFile {
            guard let data = FileManager.default.contents(atPath: file), !data.isEmpty else {
                throw CLIError("cannot read --slashing-protection-db-password-ciphertext-file \(file)")
            }
            ciphertext = Array(data)
        } else if let tlsTable, let item = try await DynamoDBClient(context: context).getItem(table: tlsTable, key: DatabasePasswordRow.key) {
            ciphertext = try DatabasePasswordRow(item: item).encryptedPassword
        }
        let proxy = try await ByteProxy.bind(
            ByteProxyConfiguration(listen: try SocketEndpoint(parsing: databaseListen), target: .tcp(host: configuration.host, port: configuration.port)),
            logger: logger)
        return (SlashingProtectionDatabase(url: url, passwordCiphertext: ciphertext), proxy)
    }

    /// SIGHUPs, passed to the enclave sessions live when they arrive.
    final class Reloads: Sendable {
        private let subscribers = Mutex<[UInt64: AsyncStream<Void>.Continuation]>([:])
        private let next = Atomic<UInt64>(0)

        /// The reloads asked for while the returned stream is iterated.
        func subscribe() -> AsyncStream<Void> {
            let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            let id = next.add(1, ordering: .relaxed).newValue
            subscribers.withLock { $0[id] = continuation }
            continuation.onTermination = { [weak self] _ in _ = self?.subscribers.withLock { $0.removeValue(forKey: id) } }
            return stream
        }

        func broadcast() {
            for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield() }
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
        let database: SlashingProtectionDatabase?
        let tlsKey: [UInt8]
        let tlsCertificate: String
        let history: [UInt8]?
        /// Written once the history has been sent (see `--slashing-protection-import`).
        let historyMarker: String?
        let allowEmptyHistory: Bool
        let credentialRefresh: Duration
        let reloads: Reloads

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
                guard case .hello(let version, _) = hello else { throw CLIError("the peer did not open with hello within 10 s") }
                guard version == EnclaveMessage.protocolVersion else { throw CLIError("the enclave speaks protocol \(version)") }
                // History for a store inside the enclave is good for its first boot only: a restarted
                // enclave has lost what it signed since, and a stale import would let it sign again
                // (a double vote). So later sessions get none, and the enclave refuses to serve.
                let first = firstSession.take()
                if !first, database == nil, history != nil || allowEmptyHistory {
                    logger.error("the enclave restarted: its slashing-protection history inside is gone, so it will refuse to sign; restart the host with a fresh history")
                }
                // Marked before it leaves: a crash after sending must not let it be sent twice.
                if first, history != nil, let historyMarker {
                    let stamp = "sent to an enclave at \(Date().formatted(Date.ISO8601FormatStyle()))\n"
                    guard FileManager.default.createFile(atPath: historyMarker, contents: Data(stamp.utf8)) else {
                        throw CLIError("cannot write \(historyMarker): the history would be sent again after a restart")
                    }
                }
                try await writer.send(.start(StartSettings(
                    region: context.configuration.region ?? "us-east-1", network: network, signerUUID: signerUUID,
                    credentials: try await Self.credentials(context), slashingProtectionDatabase: database, tlsKeyCiphertext: tlsKey, tlsCertificatePEM: tlsCertificate,
                    slashingProtectionInterchange: first ? history : nil, allowEmptySlashingHistory: first && allowEmptyHistory)))
                let count = try await sendRows(store, writer)
                logger.info("enclave started", metadata: ["rows": "\(count)"])
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // Temporary credentials last hours: fresh ones well before they expire.
                    group.addTask {
                        while true {
                            try await Task.sleep(for: credentialRefresh)
                            try await writer.send(.credentials(try await Self.credentials(context)))
                        }
                    }
                    // SIGHUP: the rows again (added, deactivated, reassigned keys) without a restart.
                    group.addTask {
                        for await _ in reloads.subscribe() {
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
            guard let credentials = try await context.credentials.load() else { throw CLIError("no AWS credentials for the instance") }
            return TemporaryCredentials(
                accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.withSecretAccessKey { SecretBytes(copying: $0) },
                sessionToken: credentials.sessionToken.map { SecretBytes(copying: Array($0.utf8)) }, expiration: credentials.expiration)
        }
    }
}

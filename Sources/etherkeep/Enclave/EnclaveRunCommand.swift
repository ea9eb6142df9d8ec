import ArgumentParser
import AWSClients
import AWSCore
import ConsensusTypes
import Crypto
import Enclave
import EnclaveProtocol
import EthereumCore
import Foundation
import Logging
import NitroAttestation
import NSM
import Secrets
import ServiceLifecycle
import Signer
import SlashingProtection
import SlashingProtectionPostgres
import Vault

/// `etherkeep enclave run`: the signer inside the Nitro enclave. It asks the parent for its
/// start message, decrypts the TLS key and every vault row through KMS with its attestation,
/// and serves validator clients (TLS ends here) through a vsock listener.
struct EnclaveRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the signer inside the Nitro enclave (started by nitro-cli; the parent runs `enclave host`).")

    @Option(help: "The parent's control endpoint.") var parent = "vsock://parent:5000"
    @Option(help: "Where validator clients reach the signer (the parent proxies to it).") var clientListen = "vsock://any:9000"
    @OptionGroup var kmsRoute: EnclaveKMSOptions
    @Option(help: "The parent's PostgreSQL proxy, when the parent names a shared slashing-protection database.") var databaseVia = "vsock://parent:8001"
    @Option(help: "The local port of the PostgreSQL proxy inside the enclave; default the database URL's port (with its host name pointed at the loopback).")
    var databaseLocalPort: Int?
    @Option(help: "The directory of the SQLite slashing-protection store when the parent names no PostgreSQL database.") var dataDir = "/var/lib/etherkeep"
    @Flag(help: "Let the parent decide where the history is (SQLite inside with its import, a database without a bound password): one machine and tests only, as a lying parent could make the enclave sign twice.")
    var allowHistoryFromParent = false
    @OptionGroup var moduleOptions: EnclaveModuleOptions

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "etherkeep.enclave")
        logger.logLevel = .info
        let module = try moduleOptions.module()
        let pcr0 = try module.describePCR(0).value
        let recipient = try RecipientKey()
        let credentials = ParentCredentials()
        let connection = try await ControlConnection.connect(to: try SocketEndpoint(parsing: parent))
        logger.info("connected to the parent", metadata: ["parent": "\(parent)", "pcr0": "\(Hex.encode(pcr0).prefix(16))…"])
        try await connection.run { reader, writer in
            try await writer.send(.hello(protocolVersion: EnclaveMessage.protocolVersion, bootID: (0..<16).map { _ in UInt8.random(in: 0...255) }))
            var session = EnclaveSession()
            var started: (StartSettings, [VaultRowMessage])?
            while started == nil {
                guard let message = try await reader.next() else { throw CLIError("the parent closed the connection before starting the enclave") }
                switch try session.receive(message) {
                case .start(let settings, let rows): started = (settings, rows)
                case .useCredentials(let fresh): try credentials.update(fresh)
                case .reportStatus: try await writer.send(.status(EnclaveStatus(ready: false, keysLoaded: 0, keysFailed: 0, detail: "starting")))
                case .close(let reason): throw CLIError(reason)
                case .none, .reload: break
                }
            }
            guard let (settings, rows) = started else { return }
            try credentials.update(settings.credentials)
            try await serve(settings, rows, module, recipient, credentials, &reader, writer, &session, logger)
        }
    }

    /// Starts the signer with what the parent sent, then answers the parent until it closes. A
    /// failure is told to the parent (the enclave has no console) before the enclave exits.
    private func serve(
        _ settings: StartSettings, _ rows: [VaultRowMessage], _ module: any NitroSecureModule, _ recipient: RecipientKey,
        _ credentials: ParentCredentials, _ reader: inout MessageReader, _ writer: MessageWriter, _ session: inout EnclaveSession, _ logger: Logger
    ) async throws {
        let transport = AHCTransport()
        do {
            try await start(settings, rows, module, recipient, credentials, &reader, writer, &session, logger, transport)
        } catch {
            try? await transport.shutdown()
            try? await writer.send(.failure("the enclave stopped: \(error)"))
            throw error
        }
        try? await transport.shutdown()
    }

    private func start(
        _ settings: StartSettings, _ rows: [VaultRowMessage], _ module: any NitroSecureModule, _ recipient: RecipientKey,
        _ credentials: ParentCredentials, _ reader: inout MessageReader, _ writer: MessageWriter, _ session: inout EnclaveSession, _ logger: Logger,
        _ transport: AHCTransport
    ) async throws {
        let chain = try ChainSetting.named(settings.network)
        guard let root = chain.genesisValidatorsRoot else { throw CLIError("network \(settings.network) has no genesis_validators_root") }
        // Where the history is, checked before any key is decrypted.
        if settings.slashingProtectionDatabase == nil {
            guard allowHistoryFromParent else {
                throw CLIError(
                    "the parent named no shared slashing-protection database; a store inside the enclave would take its history from the parent "
                        + "(refused without --allow-history-from-parent)")
            }
            guard settings.slashingProtectionInterchange != nil || settings.allowEmptySlashingHistory else { throw Self.noHistory }
        }
        // Inside: AWS clients → 127.0.0.1:kmsLocalPort → the parent's KMS proxy.
        let (kms, kmsProxy) = try await kmsRoute.attestedKMS(
            region: settings.region, credentials: credentials, module: module, recipient: recipient, transport: transport, onDevice: moduleOptions.onDevice)
        let tlsKey = try await kms.decrypt(settings.tlsKeyCiphertext, context: ["purpose": "etherkeep-signer-tls-key"])
        let table = ParentRowsStore(signer: settings.signerUUID)
        try table.replace(with: rows)
        let vault = Vault(store: table, cipher: AttestedVaultCipher(kms: kms))
        var sources = KeySources()
        sources.vault = KeySources.VaultSource(vault: vault, signer: settings.signerUUID, cachePath: nil, name: "parent rows")
        let loaded = await sources.load(logger: logger)
        var signerConfiguration = SignerConfiguration(
            host: "127.0.0.1", port: 0, genesisValidatorsRoot: root, genesisForkVersion: chain.genesisForkVersion,
            tls: SignerTLSConfiguration(identity: .inMemory(certificatePEM: settings.tlsCertificatePEM, privateKeyDER: tlsKey)))
        signerConfiguration.metricsPort = nil
        let database = try await databaseRoute(settings.slashingProtectionDatabase, kms: kms)
        try await withThrowingTaskGroup(of: Void.self) { proxies in
            proxies.addTask { try await kmsProxy.run() }
            if let proxy = database?.proxy { proxies.addTask { try await proxy.run() } }
            try await withSlashingStore(settings, database?.configuration, root: root, logger: logger) { store in
                try await serve(
                    settings, store: store, sources: sources, loaded: loaded, signerConfiguration: signerConfiguration, table: table,
                    credentials: credentials, &reader, writer, &session, logger)
            }
            proxies.cancelAll()
        }
    }

    /// How the enclave reaches the shared PostgreSQL store: a local proxy to the parent's, and the
    /// configuration that connects through it. `nil` for SQLite inside the enclave.
    ///
    /// Unless `--allow-history-from-parent`, the parent cannot choose where the history is: the
    /// database must come with its password, KMS-encrypted under a context naming that database
    /// (only the function that holds the secret can make one), and in a real enclave over TLS.
    private func databaseRoute(_ database: SlashingProtectionDatabase?, kms: AttestedKMS) async throws -> (configuration: PostgresConfiguration, proxy: ByteProxy)? {
        guard let database else { return nil }
        var configuration = try PostgresConfiguration(url: database.url, password: nil)
        guard configuration.socketDirectory == nil else { throw CLIError("the slashing-protection database URL names a Unix socket, which the enclave cannot reach") }
        let identity = configuration.identity
        if let ciphertext = database.passwordCiphertext {
            do {
                // postgres-nio takes the password as a String: made here, and held only by its client.
                configuration.password = try await kms.decrypt(ciphertext, context: SlashingProtectionDatabase.passwordContext(database: identity))
                    .withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            } catch {
                throw CLIError("the slashing-protection database password (bound to \(identity)) did not open: \(error)")
            }
        } else if !allowHistoryFromParent {
            throw CLIError("the parent sent no password for \(identity): any database would do (refused without --allow-history-from-parent)")
        }
        if moduleOptions.onDevice, !allowHistoryFromParent, configuration.tls != .require {
            throw CLIError("the slashing-protection database URL must say sslmode=require: the parent relays the connection")
        }
        let localPort = databaseLocalPort ?? configuration.port
        guard (1...65535).contains(localPort) else { throw CLIError("--database-local-port \(localPort) is not a port") }
        if moduleOptions.onDevice, databaseLocalPort == nil, !Self.isIPAddress(configuration.host) {
            // Keep the name, so that TLS checks the server's certificate against it.
            try EnclaveNetwork.mapToLoopback(configuration.host)
        } else {
            configuration.host = "127.0.0.1"
        }
        configuration.port = localPort
        let proxy = try await ByteProxy.bind(ByteProxyConfiguration(listen: .tcp(host: "127.0.0.1", port: localPort), target: try SocketEndpoint(parsing: databaseVia)))
        return (configuration, proxy)
    }

    private static func isIPAddress(_ host: String) -> Bool {
        host.contains(":") || host.split(separator: ".").count == 4 && host.split(separator: ".").allSatisfy { UInt8($0) != nil }
    }

    static let noHistory = CLIError(
        "no slashing-protection history: the store inside the enclave starts empty at every boot; "
            + "give the host --slashing-protection-import FILE (EIP-3076), --slashing-protection-db-url, or --allow-empty-slashing-history")

    /// Opens the slashing-protection store: the shared PostgreSQL one (history survives the
    /// enclave), or SQLite inside the enclave, which starts empty at every boot and so must be
    /// given its history, or be told by the operator that there is none to keep.
    private func withSlashingStore(
        _ settings: StartSettings, _ database: PostgresConfiguration?, root: Root, logger: Logger, _ body: (any SlashingProtectionStore) async throws -> Void
    ) async throws {
        if let database {
            let store = try await PostgresSlashingProtectionStore.open(database, genesisValidatorsRoot: root)
            do {
                try await body(store)
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
            return
        }
        let location = try SlashingProtectionLocation.parse(["--network", settings.network, "--data-dir", dataDir])
        try location.validate()
        try await location.withStore(creating: true) { store in
            // That there is history, or leave to start without, was checked before any key was decrypted.
            if let history = settings.slashingProtectionInterchange {
                let summary = try await store.importInterchange(try Interchange(json: history))
                logger.info("slashing-protection history imported", metadata: ["summary": "\(summary)"])
            }
            try await body(store)
        }
    }

    /// Serves validator clients with `store` until the parent closes the control connection.
    private func serve(
        _ settings: StartSettings, store: any SlashingProtectionStore, sources: KeySources, loaded: KeySources.Loaded,
        signerConfiguration: SignerConfiguration, table: ParentRowsStore, credentials: ParentCredentials,
        _ reader: inout MessageReader, _ writer: MessageWriter, _ session: inout EnclaveSession, _ logger: Logger
    ) async throws {
        let manager = KeyManager(
            ring: KeyRing(entries: loaded.entries), sources: sources, store: store, failures: loaded.failures.count, chain: settings.network,
            logger: logger, metrics: nil)
        let server = SignerServer(configuration: signerConfiguration, manager: manager, logger: logger, audit: nil)
        let (ports, portsContinuation) = AsyncStream<Int>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run(onListening: { portsContinuation.yield($0) }) }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CLIError("the signer did not start") }
            let clients = try await ByteProxy.bind(ByteProxyConfiguration(listen: try SocketEndpoint(parsing: clientListen), target: .tcp(host: "127.0.0.1", port: port)))
            group.addTask { try await clients.run() }
            try await writer.send(.status(EnclaveStatus(
                ready: true, keysLoaded: UInt64(loaded.entries.count), keysFailed: UInt64(loaded.failures.count), detail: "serving")))
            logger.info("enclave signer ready", metadata: ["keys": "\(loaded.entries.count)", "failed": "\(loaded.failures.count)"])
            // The parent's requests until it closes: then stop, and the parent's watchdog restarts us.
            while let message = try await reader.next() {
                switch try session.receive(message) {
                case .reload(let fresh):
                    try table.replace(with: fresh)
                    let status = await manager.reload()
                    try await writer.send(.status(EnclaveStatus(
                        ready: true, keysLoaded: UInt64(manager.list().count), keysFailed: UInt64(manager.failures), detail: "reload \(status.status.rawValue)")))
                case .useCredentials(let fresh):
                    try credentials.update(fresh)
                    logger.info("fresh credentials from the parent", metadata: ["expiration": "\(fresh.expiration.map(String.init) ?? "none")"])
                case .reportStatus:
                    try await writer.send(.status(EnclaveStatus(
                        ready: true, keysLoaded: UInt64(manager.list().count), keysFailed: UInt64(manager.failures), detail: "serving")))
                case .close(let reason): throw CLIError(reason)
                case .none, .start: break
                }
            }
            logger.info("the parent closed the control connection; stopping")
            group.cancelAll()
        }
    }
}

import ArgumentParser
import BLS12381
import ConsensusTypes
import EthereumCore
import Foundation
import Logging
import UnixSignals
import Vault
import Signer
import SlashingProtection

/// `etherkeep signer`: the remote signer (`run`, the default) and its tools.
struct SignerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signer",
        abstract: "Web3Signer-compatible remote signer (eth2 API) with slashing protection.",
        subcommands: [SignerRun.self, SignerEth1Command.self, SigningRootCommand.self],
        defaultSubcommand: SignerRun.self)
}

/// `etherkeep signer [run]`: the Web3Signer-compatible remote signer. Thin: parse, load keys, wire, run.
struct SignerRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Serve Web3Signer's eth2 API (the default: `etherkeep signer --network …`).",
        discussion: """
            Keys: the active vault rows assigned to --signer-uuid (the embedded vault in --data-dir, or \
            --table with KMS), keystore folders (--keystores-path), Web3Signer key files (--key-store-path). \
            The vault is read when --table or --signer-uuid is given, or when no folder is.
            """)

    @OptionGroup var store: SlashingProtectionLocation

    @Option(help: "With --genesis-validators-root: the chain's genesis fork version (0x + 4 bytes).")
    var genesisForkVersion: String?

    @Option(help: "DynamoDB key table to read keys from (instead of the embedded vault).")
    var table: String?

    @Option(help: "KMS key of the table's records (with --table; decryption needs none).")
    var kmsKeyID: String?

    @Option(help: "Load the vault rows assigned to this signer (default with the embedded vault: none, the unassigned keys; required with --table).")
    var signerUUID: String?

    @Option(help: "Log lines as text or json (one JSON object per line).")
    var logFormat: String = "text"

    @Option(help: "Serve Prometheus metrics (GET /metrics) on this port; off when absent.")
    var metricsPort: Int?

    @Option(help: "The metrics listener's address.")
    var metricsHost: String = "127.0.0.1"

    @Option(help: "Append one JSON line per signing decision to this file (created 0600; see README).")
    var auditLog: String?

    @Flag(help: "Serve the keymanager API (/eth/v1/keystores, bearer token; imported keys go to the vault).")
    var keyManagerApiEnabled = false

    @Option(help: "The keymanager API's bearer token file (default: <data-dir>/api-token.txt, created 0600 at first start).")
    var keymanagerApiTokenFile: String?

    @Flag(help: "Decrypt every vault key at start instead of reading the key cache (see README: fast restart).")
    var noKeyCache = false

    @Option(help: "Folder of EIP-2335 keystores (*.json).")
    var keystoresPath: String?

    @Option(help: "Folder of keystore passwords: NAME.txt for NAME.json.")
    var keystoresPasswordsPath: String?

    @Option(help: "One password file for every keystore of --keystores-path.")
    var keystoresPasswordFile: String?

    @Option(help: "Folder of Web3Signer key configuration files (*.yaml: file-keystore, file-raw).")
    var keyStorePath: String?

    @Option(help: "Listening address (default 127.0.0.1; 0.0.0.0 with TLS).")
    var httpListenHost: String?

    @Option(help: "Listening port.")
    var httpListenPort: Int = 9000

    @Option(help: "Largest request body in bytes.")
    var httpMaxBodyBytes: Int = 1 << 20

    @OptionGroup var tlsOptions: SignerTLSOptions

    func validate() throws {
        if store.network == nil, store.genesisValidatorsRoot == nil {
            throw ValidationError("--network is required (or --genesis-validators-root with --genesis-fork-version)")
        }
        if store.genesisValidatorsRoot != nil, genesisForkVersion == nil {
            throw ValidationError("--genesis-validators-root needs --genesis-fork-version")
        }
        if table != nil, signerUUID == nil {
            throw ValidationError("--table needs --signer-uuid: a shared key table is read only for an explicit signer")
        }
        if keystoresPath != nil, (keystoresPasswordsPath == nil) == (keystoresPasswordFile == nil) {
            throw ValidationError("--keystores-path needs exactly one of --keystores-passwords-path and --keystores-password-file")
        }
        if keymanagerApiTokenFile != nil, !keyManagerApiEnabled {
            throw ValidationError("--keymanager-api-token-file needs --key-manager-api-enabled")
        }
        if keystoresPath == nil, keystoresPasswordsPath != nil || keystoresPasswordFile != nil {
            throw ValidationError("--keystores-passwords-path and --keystores-password-file need --keystores-path")
        }
        guard (1...65535).contains(httpListenPort) || httpListenPort == 0 else { throw ValidationError("--http-listen-port must be 0…65535") }
        if let metricsPort, !(0...65535).contains(metricsPort) { throw ValidationError("--metrics-port must be 0…65535") }
        guard ["text", "json"].contains(logFormat) else { throw ValidationError("--log-format must be text or json") }
        guard (1024...(64 << 20)).contains(httpMaxBodyBytes) else { throw ValidationError("--http-max-body-bytes must be from 1024 to 67108864") }
    }

    func run() async throws {
        if logFormat == "json" {
            LoggingSystem.bootstrap { JSONLogHandler.standardError(label: $0) }
        } else {
            LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        }
        var logger = Logger(label: "etherkeep.signer")
        logger.logLevel = .info
        var configuration = try signerConfiguration()
        logger.info("configuration", metadata: [
            "genesis_validators_root": "0x\(configuration.genesisValidatorsRoot)",
            "genesis_fork_version": "0x\(configuration.genesisForkVersion)",
        ])
        // Opened before the keys are decrypted: a path that cannot be written fails at once.
        var audit: AuditLog?
        do throws(SignerError) {
            if let auditLog { audit = try AuditLog(path: auditLog) }
            if keyManagerApiEnabled {
                let dataDir = DataDirectory(explicit: store.dataDir)
                if keymanagerApiTokenFile == nil { try? dataDir.create() }
                let path = keymanagerApiTokenFile ?? dataDir.path + "/api-token.txt"
                configuration.keyManagerToken = try KeyManagerToken.load(path: path, create: keymanagerApiTokenFile == nil)
                logger.info("keymanager API enabled", metadata: ["token_file": "\(path)"])
            }
        } catch {
            FileHandle.standardError.write(Data("error: \(error.reason)\n".utf8))
            throw ExitCode(1)
        }
        let useVault = keyManagerApiEnabled || table != nil || signerUUID != nil || (keystoresPath == nil && keyStorePath == nil)
        var sources = KeySources()
        if let keystoresPath {
            sources.keystores = (keystoresPath, keystoresPasswordsPath.map { .directory($0) } ?? .file(keystoresPasswordFile ?? ""))
        }
        sources.keyConfigs = keyStorePath
        try await reportingErrors {
            guard useVault else { return try await serve(sources, configuration: configuration, audit: audit, logger: logger) }
            // The vault stays open while the signer runs: reloads and the keymanager API use it.
            // The keymanager API keeps imported keys there, so it may create the embedded vault.
            try await VaultLocation.withVault(table: table, kmsKeyID: kmsKeyID, dataDir: store.dataDir, creating: keyManagerApiEnabled) { vault in
                let signer = signerUUID ?? KeyRow.unassigned
                sources.vault = KeySources.VaultSource(
                    vault: vault, signer: signer,
                    cachePath: noKeyCache ? nil : KeyCache.path(directory: DataDirectory(explicit: store.dataDir).path, signer: signer),
                    name: table.map { "dynamodb:\($0)" } ?? "embedded")
                try await serve(sources, configuration: configuration, audit: audit, logger: logger)
            }
        }
    }

    /// Loads the keys, opens slashing protection, and serves until stopped.
    private func serve(_ sources: KeySources, configuration: SignerConfiguration, audit: AuditLog?, logger: Logger) async throws {
        let loaded = await sources.load(logger: logger)
        let kind = store.slashingProtectionDbUrl == nil ? "sqlite" : "postgresql"
        let started = ContinuousClock.now
        try await store.withStore(creating: true) { protection in
            logger.info("slashing protection store open", metadata: ["store": "\(kind)", "ms": "\(Self.ms(since: started))"])
            let manager = KeyManager(
                ring: KeyRing(entries: loaded.entries), sources: sources, store: protection, failures: loaded.failures.count,
                chain: store.network ?? "custom", logger: logger, metrics: metricsPort == nil ? nil : SignerMetrics())
            let server = SignerServer(configuration: configuration, manager: manager, logger: logger, audit: audit)
            do {
                try await server.run(gracefulShutdownSignals: [.sigterm, .sigint])
            } catch let error as SignerError {
                FileHandle.standardError.write(Data("error: \(error.reason)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    private func signerConfiguration() throws -> SignerConfiguration {
        let root: Root
        let version: Version
        if let network = store.network {
            let chain = try ChainSetting.named(network)
            guard let chainRoot = chain.genesisValidatorsRoot else {
                throw ValidationError("network \(network) has no fixed genesis_validators_root; give --genesis-validators-root and --genesis-fork-version")
            }
            root = chainRoot
            version = chain.genesisForkVersion
        } else {
            guard let given = try store.chain() else { throw ValidationError("--network is required") }
            root = given
            guard let text = genesisForkVersion, text.hasPrefix("0x"), let bytes = try? Hex.decode(text, count: 4) else {
                throw ValidationError("--genesis-fork-version must be 0x followed by 4 bytes of hex")
            }
            version = Version(unchecked: bytes)
        }
        let tls = tlsOptions.configuration
        var configuration = SignerConfiguration(
            host: httpListenHost ?? (tls == nil ? "127.0.0.1" : "0.0.0.0"), port: httpListenPort, genesisValidatorsRoot: root,
            genesisForkVersion: version, tls: tls)
        configuration.maximumBodyBytes = httpMaxBodyBytes
        configuration.metricsPort = metricsPort
        configuration.metricsHost = metricsHost
        return configuration
    }

    private static func ms(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = (ContinuousClock.now - start).components
        return elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000
    }
}

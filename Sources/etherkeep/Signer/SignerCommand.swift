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
        subcommands: [SignerRun.self, SigningRootCommand.self],
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

    @Option(help: "TLS: the server certificate chain (PEM).")
    var tlsCertFile: String?

    @Option(help: "TLS: the server private key (PEM).")
    var tlsKeyFile: String?

    @Option(help: "TLS: the server identity as a PKCS#12 keystore.")
    var tlsKeystoreFile: String?

    @Option(help: "TLS: file holding the PKCS#12 keystore's password.")
    var tlsKeystorePasswordFile: String?

    @Option(help: "TLS: clients allowed by certificate fingerprint (lines: NAME SHA256-FINGERPRINT).")
    var tlsKnownClientsFile: String?

    @Flag(help: "TLS: allow clients whose certificate chains to --tls-ca-file.")
    var tlsAllowCaClients = false

    @Option(help: "TLS: CA certificates (PEM) for --tls-allow-ca-clients.")
    var tlsCaFile: String?

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
        if keystoresPath == nil, keystoresPasswordsPath != nil || keystoresPasswordFile != nil {
            throw ValidationError("--keystores-passwords-path and --keystores-password-file need --keystores-path")
        }
        if (tlsCertFile == nil) != (tlsKeyFile == nil) { throw ValidationError("--tls-cert-file and --tls-key-file go together") }
        if (tlsKeystoreFile == nil) != (tlsKeystorePasswordFile == nil) {
            throw ValidationError("--tls-keystore-file and --tls-keystore-password-file go together")
        }
        if tlsCertFile != nil, tlsKeystoreFile != nil { throw ValidationError("--tls-cert-file and --tls-keystore-file exclude each other") }
        if tlsCertFile == nil, tlsKeystoreFile == nil, tlsKnownClientsFile != nil || tlsAllowCaClients || tlsCaFile != nil {
            throw ValidationError("client certificate options need TLS (--tls-cert-file or --tls-keystore-file)")
        }
        if tlsAllowCaClients, tlsCaFile == nil { throw ValidationError("--tls-allow-ca-clients needs --tls-ca-file") }
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
        let configuration = try signerConfiguration()
        logger.info("configuration", metadata: [
            "genesis_validators_root": "0x\(configuration.genesisValidatorsRoot)",
            "genesis_fork_version": "0x\(configuration.genesisForkVersion)",
        ])
        // Opened before the keys are decrypted: a path that cannot be written fails at once.
        var audit: AuditLog?
        if let auditLog {
            do throws(SignerError) { audit = try AuditLog(path: auditLog) } catch {
                FileHandle.standardError.write(Data("error: \(error.reason)\n".utf8))
                throw ExitCode(1)
            }
        }
        let (keys, failures) = try await loadKeys(logger: logger)
        try await reportingErrors {
            let kind = store.slashingProtectionDbUrl == nil ? "sqlite" : "postgresql"
            let started = ContinuousClock.now
            try await store.withStore(creating: true) { protection in
                logger.info("slashing protection store open", metadata: ["store": "\(kind)", "ms": "\(Self.ms(since: started))"])
                let server = SignerServer(
                    configuration: configuration, keys: keys, store: protection, keyFailures: failures, logger: logger, audit: audit,
                    metrics: metricsPort == nil ? nil : SignerMetrics())
                do {
                    try await server.run(gracefulShutdownSignals: [.sigterm, .sigint])
                } catch let error as SignerError {
                    FileHandle.standardError.write(Data("error: \(error.reason)\n".utf8))
                    throw ExitCode(1)
                }
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
        var tls: SignerTLSConfiguration?
        if let tlsCertFile, let tlsKeyFile {
            tls = SignerTLSConfiguration(identity: .pem(certificateFile: tlsCertFile, keyFile: tlsKeyFile))
        } else if let tlsKeystoreFile, let tlsKeystorePasswordFile {
            tls = SignerTLSConfiguration(identity: .pkcs12(file: tlsKeystoreFile, passwordFile: tlsKeystorePasswordFile))
        }
        tls?.knownClientsFile = tlsKnownClientsFile
        tls?.allowCAClients = tlsAllowCaClients
        tls?.caFile = tlsCaFile
        var configuration = SignerConfiguration(
            host: httpListenHost ?? (tls == nil ? "127.0.0.1" : "0.0.0.0"), port: httpListenPort, genesisValidatorsRoot: root,
            genesisForkVersion: version, tls: tls)
        configuration.maximumBodyBytes = httpMaxBodyBytes
        configuration.metricsPort = metricsPort
        configuration.metricsHost = metricsHost
        return configuration
    }

    /// Finds every key source's keys, then decrypts them all on every core; logs one line per step.
    private func loadKeys(logger: Logger) async throws -> (KeyRing, Int) {
        var pending: [PendingKey] = []
        var failures: [KeyLoadFailure] = []
        let useVault = table != nil || signerUUID != nil || (keystoresPath == nil && keyStorePath == nil)
        var vaultKeys: [(pubkey: BLSPubkey, key: SecretKey)] = []
        if useVault {
            let loaded = try await loadVaultKeys(logger: logger)
            vaultKeys = loaded.entries
            failures += loaded.failures
        }
        if let keystoresPath {
            let started = ContinuousClock.now
            let passwords: KeyLoader.KeystorePasswords =
                keystoresPasswordsPath.map { .directory($0) } ?? .file(keystoresPasswordFile ?? "")
            let found = KeyLoader.keystoreDirectory(keystoresPath, passwords: passwords)
            pending += found.pending
            failures += found.failures
            logger.info("keystores read", metadata: [
                "path": "\(keystoresPath)", "keys": "\(found.pending.count)", "failed": "\(found.failures.count)", "ms": "\(Self.ms(since: started))",
            ])
        }
        if let keyStorePath {
            let started = ContinuousClock.now
            let found = KeyLoader.keyConfigDirectory(keyStorePath)
            pending += found.pending
            failures += found.failures
            logger.info("key configuration files read", metadata: [
                "path": "\(keyStorePath)", "keys": "\(found.pending.count)", "failed": "\(found.failures.count)", "ms": "\(Self.ms(since: started))",
            ])
        }
        let started = ContinuousClock.now
        let decrypted = await KeyLoader.decryptAll(pending)
        failures += decrypted.failures
        let keys = KeyRing(keyed: vaultKeys + decrypted.entries)
        for failure in failures {
            logger.warning("key not loaded", metadata: ["source": "\(failure.source)", "reason": "\(failure.reason)"])
        }
        logger.info("keys decrypted", metadata: [
            "loaded": "\(keys.count)", "failed": "\(failures.count)", "cores": "\(ProcessInfo.processInfo.activeProcessorCount)",
            "ms": "\(Self.ms(since: started))",
        ])
        return (keys, failures.count)
    }

    /// The vault's keys: rows read, keys taken from the key cache where it holds them, the others
    /// decrypted on every core; then, when anything changed, a new cache written.
    private func loadVaultKeys(logger: Logger) async throws -> (entries: [(pubkey: BLSPubkey, key: SecretKey)], failures: [KeyLoadFailure]) {
        let started = ContinuousClock.now
        let signer = signerUUID ?? "none"
        let cachePath = noKeyCache ? nil : KeyCache.path(directory: DataDirectory(explicit: store.dataDir).path, signer: signer)
        return try await reportingErrors {
            try await VaultLocation.withVault(table: table, kmsKeyID: kmsKeyID, dataDir: store.dataDir) { vault in
                var cache: KeyCache.Opened?
                var cacheState = "off (--no-key-cache)"
                if let cachePath { (cache, cacheState) = await KeyCache.open(path: cachePath, cipher: vault.cipher, signer: signer) }
                let found = await KeyLoader.vault(vault, signer: signer, cache: cache)
                logger.info("vault read", metadata: [
                    "source": "\(table.map { "dynamodb:\($0)" } ?? "embedded")", "signer_uuid": "\(signer)",
                    "keys": "\(found.pending.count)", "failed": "\(found.failures.count)", "key_cache": "\(cacheState)",
                    "ms": "\(Self.ms(since: started))",
                ])
                let decrypting = ContinuousClock.now
                let decrypted = await KeyLoader.decryptAll(found.pending)
                let fromCache = decrypted.vaultKeys.count { $0.fromCache }
                logger.info("vault keys decrypted", metadata: [
                    "loaded": "\(decrypted.keys.count)", "from_cache": "\(fromCache)", "failed": "\(decrypted.failures.count)",
                    "ms": "\(Self.ms(since: decrypting))",
                ])
                // A new cache when a key was decrypted the slow way or an entry went stale.
                if let cachePath, fromCache != decrypted.vaultKeys.count || cache?.count != decrypted.vaultKeys.count {
                    let writing = ContinuousClock.now
                    do {
                        try await KeyCache.write(path: cachePath, cipher: vault.cipher, signer: signer,
                                                 keys: decrypted.vaultKeys.map { ($0.tag, $0.key) })
                        logger.info("key cache written", metadata: [
                            "path": "\(cachePath)", "keys": "\(decrypted.vaultKeys.count)", "ms": "\(Self.ms(since: writing))",
                        ])
                    } catch {
                        logger.warning("key cache not written; the next start decrypts every key", metadata: ["reason": "\(error)"])
                    }
                }
                return (decrypted.entries, found.failures + decrypted.failures)
            }
        }
    }

    private static func ms(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = (ContinuousClock.now - start).components
        return elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000
    }
}

import ArgumentParser
import ConsensusTypes
import EthereumCore
import Foundation
import SlashingProtection
import SlashingProtectionPostgres
import SlashingProtectionSQLite
import Vault

/// Which slashing-protection database, and for which chain: `--data-dir` (the embedded SQLite
/// file) or `--slashing-protection-db-url` (PostgreSQL; password from `PGPASSWORD` or
/// `--slashing-protection-db-password-file`, never the command line); `--network` or
/// `--genesis-validators-root` names the chain, which the store remembers and holds to.
struct SlashingProtectionLocation: ParsableArguments {
    @Option(help: "Embedded store directory (default: $ETHERKEEP_HOME or ~/.etherkeep): slashing-protection.sqlite.")
    var dataDir: String?

    @Option(help: "Shared PostgreSQL store: postgresql://USER@HOST:PORT/DB[?sslmode=disable|prefer|require].")
    var slashingProtectionDbUrl: String?

    @Option(help: "File holding the PostgreSQL password (else PGPASSWORD).")
    var slashingProtectionDbPasswordFile: String?

    @Option(help: "The chain, by name (mainnet, hoodi, sepolia, holesky, gnosis, chiado).")
    var network: String?

    @Option(help: "The chain, by its genesis_validators_root (0x + 32 bytes).")
    var genesisValidatorsRoot: String?

    func validate() throws {
        if dataDir != nil, slashingProtectionDbUrl != nil {
            throw ValidationError("--data-dir and --slashing-protection-db-url exclude each other")
        }
        if network != nil, genesisValidatorsRoot != nil {
            throw ValidationError("--network and --genesis-validators-root exclude each other")
        }
        if slashingProtectionDbPasswordFile != nil, slashingProtectionDbUrl == nil {
            throw ValidationError("--slashing-protection-db-password-file needs --slashing-protection-db-url")
        }
    }

    /// The chain named on the command line, if any.
    func chain() throws -> Root? {
        if let network {
            let setting = try ChainSetting.named(network)
            guard let root = setting.genesisValidatorsRoot else {
                throw ValidationError("network \(network) has no fixed genesis_validators_root; give --genesis-validators-root")
            }
            return root
        }
        if let genesisValidatorsRoot {
            guard genesisValidatorsRoot.hasPrefix("0x"), let bytes = try? Hex.decode(genesisValidatorsRoot, count: 32) else {
                throw ValidationError("--genesis-validators-root must be 0x followed by 32 bytes of hex")
            }
            return Root(unchecked: bytes)
        }
        return nil
    }

    /// Opens the store, runs `body`, and closes the database connections.
    ///
    /// - Parameter creating: whether a missing embedded database (and its folder) is created
    ///   (`import`, the signer); otherwise a missing one is an error naming the folder, so that a
    ///   mistyped `--data-dir` leaves nothing behind.
    func withStore<R>(creating: Bool = false, _ body: (any SlashingProtectionStore) async throws -> R) async throws -> R {
        let root = try chain()
        guard let url = slashingProtectionDbUrl else {
            let directory = DataDirectory(explicit: dataDir)
            let path = directory.path + "/slashing-protection.sqlite"
            if creating {
                try directory.create()
            } else if !FileManager.default.fileExists(atPath: path) {
                throw ValidationError("no slashing-protection database in \(directory.path) (\(path) does not exist)")
            }
            return try await body(try SQLiteSlashingProtectionStore(path: path, genesisValidatorsRoot: root))
        }
        let store = try await PostgresSlashingProtectionStore.open(
            try PostgresConfiguration(url: url, password: try password()), genesisValidatorsRoot: root)
        do {
            let result = try await body(store)
            await store.shutdown()
            return result
        } catch {
            await store.shutdown()
            throw error
        }
    }

    private func password() throws -> String? {
        guard let file = slashingProtectionDbPasswordFile else { return ProcessInfo.processInfo.environment["PGPASSWORD"] }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read --slashing-protection-db-password-file \(file)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }
}

/// Public keys from the command line (0x + 48 bytes of hex each).
func parsePubkeys(_ texts: [String]) throws -> [BLSPubkey]? {
    guard !texts.isEmpty else { return nil }
    return try texts.map { text in
        guard let bytes = try? Hex.decode(text, count: 48) else {
            throw ValidationError("--pubkey \(text.prefix(20))… is not 48 bytes of hex")
        }
        return BLSPubkey(unchecked: bytes)
    }
}

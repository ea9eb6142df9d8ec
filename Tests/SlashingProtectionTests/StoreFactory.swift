import ConsensusTypes
import Foundation
import SlashingProtection
import SlashingProtectionPostgres
import SlashingProtectionSQLite

/// The stores every store-level test runs on. PostgreSQL runs when `scripts/test` started a cluster
/// (`ETHERKEEP_POSTGRES_URL`); a plain `swift test` without one leaves it out, and with `CI=true` it is
/// kept, so that its tests fail rather than skip.
enum StoreKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgres

    var description: String { rawValue }

    static var available: [StoreKind] {
        let env = ProcessInfo.processInfo.environment
        return env["ETHERKEEP_POSTGRES_URL"] != nil || env["CI"] == "true" ? [.sqlite, .postgres] : [.sqlite]
    }

    /// A fresh, empty store for `genesisValidatorsRoot` (a new SQLite file, or a new PostgreSQL database).
    func makeStore(_ genesisValidatorsRoot: Root) async throws -> any SlashingProtectionStore {
        switch self {
        case .sqlite:
            return try SQLiteSlashingProtectionStore(path: try Self.sqlitePath(), genesisValidatorsRoot: genesisValidatorsRoot)
        case .postgres:
            return try await PostgresSlashingProtectionStore.open(try await Self.newPostgresDatabase(), genesisValidatorsRoot: genesisValidatorsRoot)
        }
    }

    static func sqlitePath() throws -> String { try TemporaryDirectory.make() + "/slashing-protection.sqlite" }

    struct NoPostgres: Error, CustomStringConvertible {
        var description: String { "ETHERKEEP_POSTGRES_URL is not set: run the tests through scripts/test, which starts PostgreSQL" }
    }

    /// Creates an empty database on the test cluster and returns its configuration.
    static func newPostgresDatabase() async throws -> PostgresConfiguration {
        let env = ProcessInfo.processInfo.environment
        guard let url = env["ETHERKEEP_POSTGRES_URL"] else { throw NoPostgres() }
        let name = "sp_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try PostgresConfiguration(url: url, password: env["PGPASSWORD"])
        try run(["psql", "-h", admin.host, "-p", "\(admin.port)", "-U", admin.username, "-d", admin.database, "-qc", "CREATE DATABASE \(name)"])
        var config = admin
        config.database = name
        return config
    }

    static func postgresURL(database: String) throws -> String {
        let env = ProcessInfo.processInfo.environment
        guard let url = env["ETHERKEEP_POSTGRES_URL"], let slash = url.range(of: "/postgres?") else { throw NoPostgres() }
        return url.replacingCharacters(in: slash, with: "/\(database)?")
    }

    static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SlashingProtectionError(.storage, "\(arguments.first ?? "") exited with \(process.terminationStatus)")
        }
    }
}

enum TemporaryDirectory {
    static func make() throws -> String {
        let path = NSTemporaryDirectory() + "etherkeep-sp-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

extension SlashingProtectionStore {
    /// One request, checked alone.
    func check(_ request: SigningRequest) async throws -> SigningDecision {
        let decisions = try await checkAndRecord([request])
        guard decisions.count == 1 else { throw SlashingProtectionError(.storage, "expected one decision, got \(decisions.count)") }
        return decisions[0]
    }
}

extension StoreKind {
    /// Opens an existing SQLite store (the chain it holds).
    func open(path: String) async throws -> any SlashingProtectionStore {
        try SQLiteSlashingProtectionStore(path: path, genesisValidatorsRoot: nil)
    }

    /// Opens an existing PostgreSQL store.
    func open(url: String) async throws -> any SlashingProtectionStore {
        try await PostgresSlashingProtectionStore.open(
            try PostgresConfiguration(url: url, password: ProcessInfo.processInfo.environment["PGPASSWORD"]), genesisValidatorsRoot: nil)
    }
}

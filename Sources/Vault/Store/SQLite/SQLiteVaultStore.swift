#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import EthereumCore
import SQLite

/// The embedded default's store: the key table in SQLite (WAL, `synchronous=FULL`).
///
/// Columns are the §4 attributes (`active` as 0/1) plus `encryption_context` and `cipher`. Batches
/// are written in one `BEGIN IMMEDIATE` transaction, so a crash (even `kill -9`) mid-batch leaves
/// either the whole batch or none of it, and committed batches survive. The actor runs on a
/// queue of its own (``SQLiteExecutor``): a write waiting on another process's lock blocks that
/// queue, not the signer's cooperative threads.
package actor SQLiteVaultStore: VaultStore {
    private let connection: SQLiteConnection
    private let executor = SQLiteExecutor(label: "etherkeep.vault.sqlite")
    package nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    /// The cipher recorded with new rows.
    package let cipherName: String

    static let schema = """
        CREATE TABLE IF NOT EXISTS keys (
            web3signer_uuid TEXT NOT NULL,
            pubkey TEXT NOT NULL UNIQUE,
            active INTEGER NOT NULL CHECK (active IN (0, 1)),
            chain TEXT NOT NULL,
            datetime TEXT NOT NULL,
            deposit_json_b64 TEXT NOT NULL,
            encrypted_key_password_mnemonic_b64 TEXT NOT NULL,
            encryption_context TEXT,
            cipher TEXT NOT NULL,
            encrypted_mnemonic_b64 TEXT,
            PRIMARY KEY (web3signer_uuid, pubkey)
        )
        """
    static let columns =
        "web3signer_uuid, pubkey, active, chain, datetime, deposit_json_b64, encrypted_key_password_mnemonic_b64, encryption_context, encrypted_mnemonic_b64"

    /// Opens or creates the database at `path`.
    package init(path: String, cipherName: String) throws(VaultError) {
        do {
            connection = try SQLiteConnection(path: path)
            try connection.execute(Self.schema)
            // Vaults created before encrypted_mnemonic_b64 existed gain the column.
            var hasMnemonicColumn = false
            try connection.run("SELECT name FROM pragma_table_info('keys')") { if $0.text(0) == "encrypted_mnemonic_b64" { hasMnemonicColumn = true } }
            if !hasMnemonicColumn { try connection.execute("ALTER TABLE keys ADD COLUMN encrypted_mnemonic_b64 TEXT") }
        } catch let error as SQLiteError {
            throw VaultError(.storage, error.reason)
        } catch {
            throw VaultError(.storage, "SQLite: \(error)")
        }
        self.cipherName = cipherName
    }

    package func insert(_ rows: [KeyRow]) async throws(VaultError) {
        guard Set(rows.map(\.pubkey)).count == rows.count else { throw VaultError(.alreadyExists, "the batch holds a public key twice") }
        try db {
          try connection.transaction {
            for row in rows {
                do {
                    try connection.run(
                        "INSERT INTO keys (\(Self.columns), cipher) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            .text(row.web3signerUUID), .text(row.pubkey), .int(row.active ? 1 : 0), .text(row.chain), .text(row.datetime),
                            .text(row.depositJSONBase64), .text(row.encryptedKeyPasswordMnemonicBase64),
                            row.encryptionContext.map { .text(Self.encode($0)) } ?? .null,
                            row.encryptedMnemonicBase64.map { .text($0) } ?? .null, .text(cipherName),
                        ])
                } catch let error as SQLiteError where error.code == .constraint {
                    throw VaultError(.alreadyExists, "pubkey \(row.pubkey.prefix(12))… is already in the vault; nothing was written")
                }
            }
          }
        }
    }

    package func row(pubkey: String) async throws(VaultError) -> KeyRow? {
        try select("WHERE pubkey = ?", [.text(pubkey)]).first
    }

    package func rows(signer: String) async throws(VaultError) -> [KeyRow] {
        try select("WHERE web3signer_uuid = ? ORDER BY pubkey", [.text(signer)])
    }

    package func allRows() async throws(VaultError) -> [KeyRow] {
        try select("ORDER BY web3signer_uuid, pubkey", [])
    }

    package func reassign(_ row: KeyRow, to signer: String) async throws(VaultError) {
        let changed = try db {
            try connection.transaction {
                try connection.run(
                    "UPDATE keys SET web3signer_uuid = ? WHERE pubkey = ? AND web3signer_uuid = ?",
                    [.text(signer), .text(row.pubkey), .text(row.web3signerUUID)])
            }
        }
        guard changed == 1 else { throw VaultError(.conflict, "pubkey \(row.pubkey.prefix(12))… is no longer under \(row.web3signerUUID)") }
    }

    package func setActive(_ active: Bool, pubkey: String, signer: String) async throws(VaultError) {
        let changed = try db {
            try connection.run(
                "UPDATE keys SET active = ? WHERE pubkey = ? AND web3signer_uuid = ?", [.int(active ? 1 : 0), .text(pubkey), .text(signer)])
        }
        guard changed == 1 else { throw VaultError(.conflict, "pubkey \(pubkey.prefix(12))… is no longer under \(signer)") }
    }

    package func delete(pubkey: String, signer: String) async throws(VaultError) {
        let deleted = try db {
            try connection.run("DELETE FROM keys WHERE pubkey = ? AND web3signer_uuid = ?", [.text(pubkey), .text(signer)])
        }
        guard deleted == 1 else { throw VaultError(.conflict, "pubkey \(pubkey.prefix(12))… is no longer under \(signer)") }
    }

    /// How many rows the table holds (for tests and status).
    package func count() throws(VaultError) -> Int {
        var n = 0
        try db { try connection.run("SELECT COUNT(*) FROM keys") { s in n = Int(s.int(0)) } }
        return n
    }

    private func select(_ clause: String, _ values: [SQLiteConnection.Value]) throws(VaultError) -> [KeyRow] {
        var rows: [KeyRow] = []
        try db {
          try connection.run("SELECT \(Self.columns) FROM keys \(clause)", values) { s in
            rows.append(
                try KeyRow(
                    web3signerUUID: s.text(0) ?? "", pubkey: s.text(1) ?? "", active: s.int(2) == 1, chain: s.text(3) ?? "",
                    datetime: s.text(4) ?? "", depositJSONBase64: s.text(5) ?? "", encryptedKeyPasswordMnemonicBase64: s.text(6) ?? "",
                    encryptionContext: try s.text(7).map(Self.decode), encryptedMnemonicBase64: s.text(8)))
          }
        }
        return rows
    }

    /// Runs SQLite work, mapping its errors to the vault's: a constraint is `alreadyExists`,
    /// anything else `storage`.
    @discardableResult
    private func db<R>(_ body: () throws -> R) throws(VaultError) -> R {
        do {
            return try body()
        } catch let error as VaultError {
            throw error
        } catch let error as SQLiteError {
            throw VaultError(error.code == .constraint ? .alreadyExists : .storage, error.reason)
        } catch {
            throw VaultError(.storage, "SQLite: \(error)")
        }
    }

    static func encode(_ context: [String: String]) -> String {
        String(decoding: AnyJSON.object(context.mapValues(AnyJSON.string)).encodedSorted(), as: UTF8.self)
    }

    static func decode(_ text: String) throws(VaultError) -> [String: String] {
        guard let members = (try? AnyJSON.parse(text.utf8))?.objectValue else {
            throw VaultError(.invalidRow, "encryption_context is not a JSON object of strings")
        }
        var object: [String: String] = [:]
        for (key, value) in members {
            guard let text = value.stringValue else {
                throw VaultError(.invalidRow, "encryption_context is not a JSON object of strings")
            }
            object[key] = text
        }
        return object
    }
}

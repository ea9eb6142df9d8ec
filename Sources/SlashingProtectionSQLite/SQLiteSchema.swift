import SQLite

/// The slashing-protection schema and its migrations, applied in order by `PRAGMA user_version`.
///
/// Slots and epochs are `INTEGER` (signed 64-bit; larger values are refused before they get here).
/// `signing_root` is NULL when unknown. One block per (validator, slot) and one attestation per
/// (validator, target epoch) are enforced by primary keys, a second line behind the rules.
/// `lowest_*` are the minima of the recorded history; `pruned_*` the highest values pruned away
/// (raise-only), so pruned history stays refused even after an import lowers `lowest_*`.
enum SQLiteSchema {
    static let migrations: [String] = [
        """
        CREATE TABLE metadata (key TEXT PRIMARY KEY, value BLOB NOT NULL);
        CREATE TABLE validators (
            id INTEGER PRIMARY KEY,
            pubkey BLOB NOT NULL UNIQUE CHECK (length(pubkey) = 48),
            lowest_slot INTEGER, lowest_source INTEGER, lowest_target INTEGER,
            pruned_slot INTEGER, pruned_source INTEGER, pruned_target INTEGER
        );
        CREATE TABLE signed_blocks (
            validator_id INTEGER NOT NULL REFERENCES validators (id),
            slot INTEGER NOT NULL CHECK (slot >= 0),
            signing_root BLOB CHECK (signing_root IS NULL OR length(signing_root) = 32),
            PRIMARY KEY (validator_id, slot)
        ) WITHOUT ROWID;
        CREATE TABLE signed_attestations (
            validator_id INTEGER NOT NULL REFERENCES validators (id),
            source_epoch INTEGER NOT NULL CHECK (source_epoch >= 0),
            target_epoch INTEGER NOT NULL CHECK (target_epoch >= 0),
            signing_root BLOB CHECK (signing_root IS NULL OR length(signing_root) = 32),
            PRIMARY KEY (validator_id, target_epoch)
        ) WITHOUT ROWID;
        CREATE INDEX signed_attestations_source ON signed_attestations (validator_id, source_epoch);
        """
    ]

    /// Brings the database to the newest version, one transaction per migration.
    static func migrate(_ connection: SQLiteConnection) throws {
        try connection.transaction {
            var version: Int64 = 0
            try connection.run("PRAGMA user_version") { version = $0.int(0) }
            guard version <= Int64(migrations.count) else {
                throw SQLiteError(.failed, "slashing-protection database is version \(version), newer than this EtherKeep (\(migrations.count))")
            }
            for (index, sql) in migrations.enumerated().dropFirst(Int(version)) {
                try connection.execute(sql)
                try connection.execute("PRAGMA user_version = \(index + 1)")
            }
        }
    }
}

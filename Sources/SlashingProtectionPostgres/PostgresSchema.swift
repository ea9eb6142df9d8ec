import Logging
import PostgresNIO

/// The slashing-protection schema in PostgreSQL and its versioned migrations.
///
/// Same model as the SQLite store (see `SQLiteSchema`): slots and epochs are `BIGINT`, unknown
/// roots `NULL`, one block per (validator, slot) and one attestation per (validator, target) as
/// primary keys behind the rules. Every check-and-record locks its validators' rows
/// (`SELECT … FOR UPDATE`), which serialises all writers of one validator across processes.
enum PostgresSchema {
    /// Each migration is a list of statements (the extended protocol runs one at a time).
    static let migrations: [[PostgresQuery]] = [
        [
            "CREATE TABLE metadata (key TEXT PRIMARY KEY, value BYTEA NOT NULL)",
            """
            CREATE TABLE validators (
                id BIGSERIAL PRIMARY KEY,
                pubkey BYTEA NOT NULL UNIQUE CHECK (length(pubkey) = 48),
                lowest_slot BIGINT, lowest_source BIGINT, lowest_target BIGINT,
                pruned_slot BIGINT, pruned_source BIGINT, pruned_target BIGINT
            )
            """,
            """
            CREATE TABLE signed_blocks (
                validator_id BIGINT NOT NULL REFERENCES validators (id),
                slot BIGINT NOT NULL CHECK (slot >= 0),
                signing_root BYTEA CHECK (signing_root IS NULL OR length(signing_root) = 32),
                PRIMARY KEY (validator_id, slot)
            )
            """,
            """
            CREATE TABLE signed_attestations (
                validator_id BIGINT NOT NULL REFERENCES validators (id),
                source_epoch BIGINT NOT NULL CHECK (source_epoch >= 0),
                target_epoch BIGINT NOT NULL CHECK (target_epoch >= 0),
                signing_root BYTEA CHECK (signing_root IS NULL OR length(signing_root) = 32),
                PRIMARY KEY (validator_id, target_epoch)
            )
            """,
            "CREATE INDEX signed_attestations_source ON signed_attestations (validator_id, source_epoch)",
        ]
    ]

    /// A fixed key for `pg_advisory_xact_lock`, so that processes starting together migrate one at a time.
    static let migrationLock: Int64 = 0x6574_6865_726b_6565  // "etherkee"

    /// Applies the missing migrations, each in the caller's transaction.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
        try await connection.query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
            logger: logger)
        var version = 0
        for try await (v) in try await connection.query("SELECT coalesce(max(version), 0) FROM schema_migrations", logger: logger)
            .decode(Int.self)
        {
            version = v
        }
        guard version <= migrations.count else {
            throw PostgresStoreError.newerSchema(version)
        }
        for (index, migration) in migrations.enumerated().dropFirst(version) {
            for statement in migration { try await connection.query(statement, logger: logger) }
            try await connection.query("INSERT INTO schema_migrations (version) VALUES (\(index + 1))", logger: logger)
        }
    }
}

enum PostgresStoreError: Error {
    case newerSchema(Int)
}

public import ConsensusTypes
import Dispatch
public import SlashingProtection
import SQLite

/// The embedded default's slashing-protection database: one SQLite file
/// (`<data-dir>/slashing-protection.sqlite`), shareable by several processes on one machine.
///
/// Each check-and-record batch is one `BEGIN IMMEDIATE` transaction: SQLite's write lock
/// serialises it against every other connection (other processes wait on the busy timeout), the
/// facts are read and the decisions made under that lock, and the decisions are returned only
/// after `COMMIT` has returned under `synchronous=FULL` (the WAL is fsynced). SQLite work runs on
/// a serial queue of its own, so fsyncs never block the caller's executor.
public final class SQLiteSlashingProtectionStore: SlashingProtectionStore, @unchecked Sendable {
    // @unchecked: `connection` is used only on `queue`.
    public let genesisValidatorsRoot: Root
    let connection: SQLiteConnection
    private let queue = DispatchQueue(label: "etherkeep.slashing-protection.sqlite")

    /// Opens (creating and migrating if needed) the database at `path`.
    ///
    /// - Parameter genesisValidatorsRoot: the chain; recorded in a new store, checked against an
    ///   existing one. `nil` uses the stored chain (for export, status, prune).
    /// - Throws: ``SlashingProtectionError``: `genesisValidatorsRootMismatch` when the store
    ///   belongs to another chain, `noGenesisValidatorsRoot` for a new store without a chain,
    ///   `storage` or `unavailable` when SQLite fails.
    public init(path: String, genesisValidatorsRoot: Root?) throws(SlashingProtectionError) {
        do {
            connection = try SQLiteConnection(path: path)
        } catch {
            throw SlashingProtectionError(.unavailable, error.reason)
        }
        let stored: Root = try Self.map { [connection] in
            try SQLiteSchema.migrate(connection)
            return try connection.transaction { () throws -> Root in
                var stored: Root?
                try connection.run("SELECT value FROM metadata WHERE key = 'genesis_validators_root'") { row in
                    stored = try row.blob(0).map { try Root($0) }
                }
                switch (stored, genesisValidatorsRoot) {
                case (let stored?, let given?) where stored != given:
                    throw SlashingProtectionError(
                        .genesisValidatorsRootMismatch,
                        "\(path) holds history for genesis_validators_root 0x\(stored), not 0x\(given)")
                case (let stored?, _):
                    return stored
                case (nil, let given?):
                    try connection.run(
                        "INSERT INTO metadata (key, value) VALUES ('genesis_validators_root', ?)", [.blob(given.bytes)])
                    return given
                case (nil, nil):
                    throw SlashingProtectionError(
                        .noGenesisValidatorsRoot, "\(path) has no chain yet: name it (--network or --genesis-validators-root)")
                }
            }
        }
        self.genesisValidatorsRoot = stored
    }

    public func checkAndRecord(_ requests: [SigningRequest]) async throws(SlashingProtectionError) -> [SigningDecision] {
        guard !requests.isEmpty else { return [] }
        return try await onQueue { store in
            try store.connection.transaction {
                var validators: [BLSPubkey: ValidatorRow] = [:]
                var facts: [RequestFacts] = []
                facts.reserveCapacity(requests.count)
                for request in requests {
                    let validator: ValidatorRow?
                    if let known = validators[request.pubkey] {
                        validator = known
                    } else {
                        validator = try store.validator(request.pubkey)
                        if let validator { validators[request.pubkey] = validator }
                    }
                    guard let validator else {
                        facts.append(.unregistered)
                        continue
                    }
                    facts.append(try store.facts(for: request.message, validator: validator))
                }
                let batch = BatchDecision(
                    requests: requests, facts: facts, genesisValidatorsRoot: store.genesisValidatorsRoot,
                    highWatermark: try store.storedHighWatermark())
                for (pubkey, message) in batch.records {
                    guard let validator = validators[pubkey] else { continue }
                    try store.insert(message, validatorID: validator.id)
                }
                return batch.decisions
            }
        }
    }

    public func register(_ pubkeys: [BLSPubkey]) async throws(SlashingProtectionError) {
        try await onQueue { store in
            try store.connection.transaction {
                for pubkey in pubkeys {
                    try store.connection.run("INSERT OR IGNORE INTO validators (pubkey) VALUES (?)", [.blob(pubkey.bytes)])
                }
            }
        }
    }

    public func highWatermark() async throws(SlashingProtectionError) -> HighWatermark? {
        try await onQueue { store in try store.storedHighWatermark() }
    }

    public func setHighWatermark(_ watermark: HighWatermark?) async throws(SlashingProtectionError) {
        try await onQueue { store in
            try store.connection.transaction {
                if let watermark {
                    try store.connection.run(
                        "INSERT OR REPLACE INTO metadata (key, value) VALUES ('high_watermark', ?)", [.blob(watermark.bytes)])
                } else {
                    try store.connection.run("DELETE FROM metadata WHERE key = 'high_watermark'")
                }
            }
        }
    }

    /// The `high_watermark` metadata row (16 bytes), read on the store's queue.
    func storedHighWatermark() throws -> HighWatermark? {
        var watermark: HighWatermark?
        try connection.run("SELECT value FROM metadata WHERE key = 'high_watermark'") { s in
            guard let bytes = s.blob(0), let read = HighWatermark(bytes: bytes) else {
                throw SlashingProtectionError(.storage, "metadata high_watermark is not 16 bytes")
            }
            watermark = read
        }
        return watermark
    }

    // MARK: - Queue

    /// Runs `body` on the store's serial queue, mapping errors to ``SlashingProtectionError``.
    func onQueue<R: Sendable>(_ body: @escaping @Sendable (SQLiteSlashingProtectionStore) throws -> R) async throws(SlashingProtectionError) -> R {
        let result: Result<R, SlashingProtectionError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Result { () throws(SlashingProtectionError) in try Self.map { try body(self) } })
            }
        }
        return try result.get()
    }

    static func map<R>(_ body: () throws -> R) throws(SlashingProtectionError) -> R {
        do {
            return try body()
        } catch let error as SlashingProtectionError {
            throw error
        } catch let error as SQLiteError {
            throw SlashingProtectionError(error.code == .busy ? .unavailable : .storage, error.reason)
        } catch {
            throw SlashingProtectionError(.storage, "SQLite: \(error)")
        }
    }
}

public import ConsensusTypes
public import Logging
import NIOCore
import PostgresNIO
import Synchronization
public import SlashingProtection

/// The slashing-protection database shared by several signer processes and replicas: PostgreSQL
/// through postgres-nio, with a connection pool that reconnects after a server restart.
///
/// A check-and-record batch is one transaction of a handful of set-based statements whatever its
/// size: lock the batch's validator rows (`SELECT … ORDER BY id FOR UPDATE`, so every writer of a
/// validator, in any process, waits for the others and batches never deadlock), read the facts for
/// every request, decide in Swift (``BatchDecision``), insert the new records, commit. Connections
/// start with `synchronous_commit=on`, so COMMIT returns only once the record is flushed to the
/// server's WAL. While the server cannot be reached every call throws `unavailable` within
/// ``PostgresConfiguration/timeout``: nothing is ever answered "safe" without a committed record.
public final class PostgresSlashingProtectionStore: SlashingProtectionStore {
    public let genesisValidatorsRoot: Root
    let client: PostgresClient
    let logger: Logger
    private let timeout: Duration
    private let runTask: Task<Void, Never>

    private init(genesisValidatorsRoot: Root, client: PostgresClient, runTask: Task<Void, Never>, logger: Logger, timeout: Duration) {
        self.genesisValidatorsRoot = genesisValidatorsRoot
        self.client = client
        self.runTask = runTask
        self.logger = logger
        self.timeout = timeout
    }

    deinit { runTask.cancel() }

    /// Connects, migrates the schema and checks (or records) the chain.
    ///
    /// - Parameter logger: where the pool logs (connection failures, reconnects); default: errors only.
    /// - Parameter genesisValidatorsRoot: recorded in a new database, checked against an existing
    ///   one; `nil` uses the stored chain.
    /// - Throws: ``SlashingProtectionError``: `unavailable` when the server cannot be reached,
    ///   `genesisValidatorsRootMismatch`, `noGenesisValidatorsRoot`, or `storage`.
    public static func open(
        _ configuration: PostgresConfiguration, genesisValidatorsRoot: Root?,
        logger: Logger? = nil
    ) async throws(SlashingProtectionError) -> PostgresSlashingProtectionStore {
        // Without a logger of the caller's, the pool's reconnect attempts are not news: errors only.
        let logger = logger ?? {
            var logger = Logger(label: "etherkeep.slashing-protection.postgres")
            logger.logLevel = .error
            return logger
        }()
        var config: PostgresClient.Configuration
        if let directory = configuration.socketDirectory {
            config = PostgresClient.Configuration(
                unixSocketPath: "\(directory)/.s.PGSQL.\(configuration.port)", username: configuration.username,
                password: configuration.password, database: configuration.database)
        } else {
            let tls: PostgresClient.Configuration.TLS =
                switch configuration.tls {
                case .disable: .disable
                case .prefer: .prefer(.makeClientConfiguration())
                case .require: .require(.makeClientConfiguration())
                }
            config = PostgresClient.Configuration(
                host: configuration.host, port: configuration.port, username: configuration.username,
                password: configuration.password, database: configuration.database, tls: tls)
        }
        config.options.additionalStartupParameters = [("synchronous_commit", "on"), ("application_name", "etherkeep")]
        config.options.connectTimeout = configuration.timeout
        config.options.maximumConnections = 8
        let client = PostgresClient(configuration: config, backgroundLogger: logger)
        let runTask = Task { await client.run() }
        let root: Root
        do {
            root = try await transaction(client: client, logger: logger, timeout: configuration.timeout) { connection in
            try await PostgresSchema.migrate(connection, logger: logger)
            var stored: Root?
            for try await value in try await connection.query(
                "SELECT value FROM metadata WHERE key = 'genesis_validators_root' FOR UPDATE", logger: logger
            ).decode(ByteBuffer.self) {
                stored = try Root(Array(buffer: value))
            }
            switch (stored, genesisValidatorsRoot) {
            case (let stored?, let given?) where stored != given:
                throw SlashingProtectionError(
                    .genesisValidatorsRootMismatch,
                    "database \(configuration.database) holds history for genesis_validators_root 0x\(stored), not 0x\(given)")
            case (let stored?, _):
                return stored
            case (nil, let given?):
                try await connection.query(
                    "INSERT INTO metadata (key, value) VALUES ('genesis_validators_root', \(ByteBuffer(bytes: given.bytes)))", logger: logger)
                return given
            case (nil, nil):
                throw SlashingProtectionError(
                    .noGenesisValidatorsRoot, "database \(configuration.database) has no chain yet: name it (--network or --genesis-validators-root)")
            }
            }
        } catch {
            runTask.cancel()
            throw error
        }
        return PostgresSlashingProtectionStore(
            genesisValidatorsRoot: root, client: client, runTask: runTask, logger: logger, timeout: configuration.timeout)
    }

    /// Closes the pool's connections.
    public func shutdown() async {
        runTask.cancel()
        await runTask.value
    }

    public func register(_ pubkeys: [BLSPubkey]) async throws(SlashingProtectionError) {
        guard !pubkeys.isEmpty else { return }
        let keys = pubkeys.map { ByteBuffer(bytes: $0.bytes) }
        try await transaction { [logger] connection in
            try await connection.query(
                "INSERT INTO validators (pubkey) SELECT unnest(\(keys)::bytea[]) ON CONFLICT (pubkey) DO NOTHING", logger: logger)
        }
    }

    public func highWatermark() async throws(SlashingProtectionError) -> HighWatermark? {
        try await transaction { [logger] connection in try await Self.highWatermark(connection, logger: logger) }
    }

    public func setHighWatermark(_ watermark: HighWatermark?) async throws(SlashingProtectionError) {
        try await transaction { [logger] connection in
            // Exclusive: waits for the checks in progress (each holds the lock shared, see
            // `highWatermark(_:logger:)`), and every later check reads the new value.
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.highWatermarkLock))", logger: logger)
            if let watermark {
                try await connection.query(
                    """
                    INSERT INTO metadata (key, value) VALUES ('high_watermark', \(ByteBuffer(bytes: watermark.bytes)))
                    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                    """, logger: logger)
            } else {
                try await connection.query("DELETE FROM metadata WHERE key = 'high_watermark'", logger: logger)
            }
        }
    }

    /// The advisory lock that orders checks (shared) against high-watermark changes (exclusive).
    static let highWatermarkLock: Int64 = 0x6574_6b5f_6877_6d6b  // "etk_hwmk"

    /// The high watermark, read under the shared advisory lock (held until the transaction ends).
    static func highWatermark(_ connection: PostgresConnection, logger: Logger) async throws -> HighWatermark? {
        var watermark: HighWatermark?
        for try await (_, value) in try await connection.query(
            """
            SELECT pg_advisory_xact_lock_shared(\(highWatermarkLock))::text, (SELECT value FROM metadata WHERE key = 'high_watermark')
            """, logger: logger
        ).decode((String?, ByteBuffer?).self) {
            guard let value else { continue }
            guard let read = HighWatermark(bytes: Array(buffer: value)) else {
                throw SlashingProtectionError(.storage, "metadata high_watermark is not 16 bytes")
            }
            watermark = read
        }
        return watermark
    }

    // MARK: - Transactions

    /// Runs `body` in a transaction, retrying deadlocks and serialisation failures, and mapping
    /// every failure to ``SlashingProtectionError``.
    func transaction<R: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> R) async throws(SlashingProtectionError) -> R {
        try await Self.transaction(client: client, logger: logger, timeout: timeout, body)
    }

    static func transaction<R: Sendable>(
        client: PostgresClient, logger: Logger, timeout: Duration, _ body: @escaping @Sendable (PostgresConnection) async throws -> R
    ) async throws(SlashingProtectionError) -> R {
        var attempt = 0
        while true {
            do {
                return try await withDeadline(timeout) { [client, logger] in
                    try await client.withTransaction(logger: logger) { connection in try await body(connection) }
                }
            } catch {
                if Self.isRetryable(error), attempt < 5 {
                    attempt += 1
                    continue
                }
                throw Self.map(error)
            }
        }
    }

    /// The error inside postgres-nio's transaction wrapper: the closure's, else COMMIT's or BEGIN's.
    static func unwrap(_ error: any Error) -> any Error {
        guard let error = error as? PostgresTransactionError else { return error }
        return error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError ?? error
    }

    static func isRetryable(_ error: any Error) -> Bool {
        guard let error = unwrap(error) as? PSQLError, error.code == .server, let state = error.serverInfo?[.sqlState] else { return false }
        // deadlock_detected, serialization_failure, unique_violation (a concurrent first registration)
        return ["40P01", "40001", "23505"].contains(state)
    }

    static func map(_ error: any Error) -> SlashingProtectionError {
        let error = unwrap(error)
        if let error = error as? SlashingProtectionError { return error }
        if error is DeadlineExceeded {
            return SlashingProtectionError(.unavailable, "PostgreSQL did not answer in time")
        }
        if let error = error as? PSQLError {
            if error.code == .server {
                let state = error.serverInfo?[.sqlState] ?? ""
                let message = error.serverInfo?[.message] ?? "server error"
                // Connection exceptions, shutdown, insufficient resources: the database is not there.
                if state.hasPrefix("08") || state.hasPrefix("57P") || state.hasPrefix("53") {
                    return SlashingProtectionError(.unavailable, "PostgreSQL: \(message) (\(state))")
                }
                return SlashingProtectionError(.storage, "PostgreSQL: \(message) (\(state))")
            }
            return SlashingProtectionError(.unavailable, "PostgreSQL: \(error.code)")
        }
        if error is CancellationError { return SlashingProtectionError(.unavailable, "cancelled") }
        return SlashingProtectionError(.unavailable, "PostgreSQL: \(error)")
    }
}

struct DeadlineExceeded: Error {}

/// Runs `body`, throwing ``DeadlineExceeded`` if it has not finished after `duration`. The caller
/// gets its answer at the deadline even if `body` ignores cancellation (a lease waiting on a server
/// that is gone): `body` is cancelled and left to finish on its own.
func withDeadline<R: Sendable>(_ duration: Duration, _ body: @escaping @Sendable () async throws -> R) async throws -> R {
    let once = ResumeOnce<R>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            once.set(continuation)
            let work = Task {
                do { once.resume(.success(try await body())) } catch { once.resume(.failure(error)) }
            }
            once.setWork(work)
            Task {
                try? await Task.sleep(for: duration)
                if once.resume(.failure(DeadlineExceeded())) { work.cancel() }
            }
        }
    } onCancel: {
        once.cancel()
    }
}

/// A continuation resumed exactly once, by whichever of the work, the timer or cancellation comes first.
private final class ResumeOnce<R: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<R, any Error>?
        var pending: Result<R, any Error>?
        var work: Task<Void, Never>?
        var done = false
    }
    private let state = Mutex(State())

    func set(_ continuation: CheckedContinuation<R, any Error>) {
        let pending: Result<R, any Error>? = state.withLock { state in
            if let pending = state.pending { return pending }
            state.continuation = continuation
            return nil
        }
        if let pending { continuation.resume(with: pending) }
    }

    func setWork(_ work: Task<Void, Never>) {
        let cancelled = state.withLock { state in
            state.work = work
            return state.done
        }
        if cancelled { work.cancel() }
    }

    /// Resumes with `result` unless already resumed; returns whether this call did it.
    @discardableResult
    func resume(_ result: Result<R, any Error>) -> Bool {
        let continuation: CheckedContinuation<R, any Error>?? = state.withLock { state in
            guard !state.done else { return .none }
            state.done = true
            guard let continuation = state.continuation else {
                state.pending = result
                return .some(nil)
            }
            state.continuation = nil
            return .some(continuation)
        }
        guard case .some(let c) = continuation else { return false }
        c?.resume(with: result)
        return true
    }

    func cancel() {
        if resume(.failure(CancellationError())) {
            state.withLock { $0.work }?.cancel()
        }
    }
}

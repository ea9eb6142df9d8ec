import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection to a SQLite database (the system libsqlite3), shared by the vault and slashing
/// protection: WAL journal, `synchronous=FULL` (every COMMIT is fsynced before it returns, so a
/// committed transaction survives a crash or power loss), a busy timeout so that writers in other
/// processes wait for each other instead of failing, and a cache of prepared statements.
///
/// Not thread-safe: its owner (an actor, or a serial queue) uses it from one thread at a time.
/// Errors name the SQL step and SQLite's message, never a bound value.
package final class SQLiteConnection {
    private var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]

    /// `SQLITE_TRANSIENT`: SQLite copies bound text and blobs before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Opens (creating if needed) the database at `path`.
    ///
    /// - Parameter busyTimeoutMilliseconds: how long a write waits for another connection's lock.
    /// - Throws: ``SQLiteError`` (`open`) naming the path and SQLite's message.
    package init(path: String, busyTimeoutMilliseconds: Int32 = 30_000) throws(SQLiteError) {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        guard sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            db = nil
            throw SQLiteError(.open, "cannot open SQLite database \(path): \(message)")
        }
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        // Switching a new database to WAL takes an exclusive lock without consulting the busy
        // handler: when several processes open it at once, the losers retry (bounded by the timeout).
        var waited: Int32 = 0
        while true {
            do {
                try execute("PRAGMA journal_mode=WAL")
                try execute("PRAGMA synchronous=FULL")
                try execute("PRAGMA foreign_keys=ON")
                break
            } catch where error.code == .busy && waited < busyTimeoutMilliseconds {
                usleep(10_000)
                waited += 10
            } catch {
                throw SQLiteError(.open, "cannot set up SQLite database \(path): \(error.reason)")
            }
        }
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(db)
    }

    /// Runs statements that return no rows (schema, pragmas, `BEGIN`/`COMMIT`).
    package func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &message)
        guard rc == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw SQLiteError(Self.code(rc), "SQLite: \(text) (in \(sql.prefix(40)))")
        }
    }

    /// A bindable value.
    package enum Value: Sendable {
        case text(String)
        case int(Int64)
        case blob([UInt8])
        case null
    }

    /// Runs one statement (prepared once, then cached) with `values` bound, calling `row` for
    /// each result row.
    ///
    /// - Returns: the number of rows changed.
    /// - Throws: ``SQLiteError`` (`constraint`, `busy` or `failed`), or what `row` throws.
    @discardableResult
    package func run(_ sql: String, _ values: [Value] = [], row: (Statement) throws -> Void = { _ in }) throws -> Int {
        let stmt = try prepared(sql)
        defer {
            sqlite3_reset(stmt)
            sqlite3_clear_bindings(stmt)
        }
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            switch value {
            case .text(let t): sqlite3_bind_text(stmt, index, t, -1, Self.transient)
            case .int(let v): sqlite3_bind_int64(stmt, index, v)
            case .blob(let bytes):
                _ = bytes.withUnsafeBytes { sqlite3_bind_blob(stmt, index, $0.baseAddress, Int32($0.count), Self.transient) }
            case .null: sqlite3_bind_null(stmt, index)
            }
        }
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw SQLiteError(Self.code(rc), "SQLite: \(lastError) (in \(sql.prefix(40)))") }
            try row(Statement(stmt: stmt))
        }
        return Int(sqlite3_changes(db))
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction (the write lock is taken first, so that
    /// concurrent writers serialise instead of failing at COMMIT): committed, and fsynced, if it
    /// returns; rolled back if it throws.
    package func transaction<R>(_ body: () throws -> R) throws -> R {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func prepared(_ sql: String) throws(SQLiteError) -> OpaquePointer {
        if let stmt = statements[sql] { return stmt }
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil) == SQLITE_OK, let stmt else {
            throw SQLiteError(.failed, "SQLite: \(lastError) (preparing \(sql.prefix(40)))")
        }
        statements[sql] = stmt
        return stmt
    }

    private var lastError: String { db.map { String(cString: sqlite3_errmsg($0)) } ?? "closed" }

    private static func code(_ rc: Int32) -> SQLiteError.Code {
        switch rc & 0xff {
        case SQLITE_CONSTRAINT: .constraint
        case SQLITE_BUSY, SQLITE_LOCKED: .busy
        default: .failed
        }
    }

    /// Column access for the current result row.
    package struct Statement {
        let stmt: OpaquePointer
        package func text(_ column: Int32) -> String? {
            guard let p = sqlite3_column_text(stmt, column) else { return nil }
            return String(cString: p)
        }
        package func int(_ column: Int32) -> Int64 { sqlite3_column_int64(stmt, column) }
        package func optionalInt(_ column: Int32) -> Int64? {
            sqlite3_column_type(stmt, column) == SQLITE_NULL ? nil : sqlite3_column_int64(stmt, column)
        }
        package func blob(_ column: Int32) -> [UInt8]? {
            guard sqlite3_column_type(stmt, column) != SQLITE_NULL else { return nil }
            let count = Int(sqlite3_column_bytes(stmt, column))
            guard count > 0, let p = sqlite3_column_blob(stmt, column) else { return [] }
            return Array(UnsafeRawBufferPointer(start: p, count: count))
        }
    }
}

import CSQLite

/// A minimal wrapper over one SQLite connection: statements with bound text and integers.
///
/// Not thread-safe; ``SQLiteVaultStore`` (an actor) owns it. Errors name the SQL step and
/// SQLite's message, never bound values.
final class SQLiteConnection {
    private var db: OpaquePointer?

    /// `SQLITE_TRANSIENT`: SQLite copies bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Opens (creating if needed) the database at `path` in WAL mode with full fsync.
    init(path: String) throws(VaultError) {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        guard sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw VaultError(.storage, "cannot open SQLite database \(path): \(message)")
        }
        sqlite3_busy_timeout(db, 10_000)
        try execute("PRAGMA journal_mode=WAL")
        try execute("PRAGMA synchronous=FULL")
    }

    deinit { sqlite3_close_v2(db) }

    /// Runs statements that return no rows.
    func execute(_ sql: String) throws(VaultError) {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw VaultError(.storage, "SQLite: \(text) (in \(sql.prefix(40)))")
        }
    }

    /// A bindable value.
    enum Value {
        case text(String)
        case int(Int64)
        case null
    }

    /// Runs one statement with `values` bound, calling `row` for each result row.
    ///
    /// - Returns: the number of rows changed.
    @discardableResult
    func run(_ sql: String, _ values: [Value] = [], row: ((Statement) throws(VaultError) -> Void)? = nil) throws(VaultError) -> Int {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else {
            throw VaultError(.storage, "SQLite: \(lastError) (preparing \(sql.prefix(40)))")
        }
        defer { sqlite3_finalize(stmt) }
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            switch value {
            case .text(let t): sqlite3_bind_text(stmt, index, t, -1, Self.transient)
            case .int(let v): sqlite3_bind_int64(stmt, index, v)
            case .null: sqlite3_bind_null(stmt, index)
            }
        }
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                let code = rc & 0xff
                throw VaultError(code == SQLITE_CONSTRAINT ? .alreadyExists : .storage, "SQLite: \(lastError)")
            }
            try row?(Statement(stmt: stmt))
        }
        return Int(sqlite3_changes(db))
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction: committed if it returns, rolled back if it throws.
    func transaction<R>(_ body: () throws(VaultError) -> R) throws(VaultError) -> R {
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

    private var lastError: String { String(cString: sqlite3_errmsg(db)) }

    /// Column access for the current result row.
    struct Statement {
        let stmt: OpaquePointer
        func text(_ column: Int32) -> String? {
            guard let p = sqlite3_column_text(stmt, column) else { return nil }
            return String(cString: p)
        }
        func int(_ column: Int32) -> Int64 { sqlite3_column_int64(stmt, column) }
    }
}

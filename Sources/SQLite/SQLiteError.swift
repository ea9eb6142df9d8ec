/// A failure of SQLite: the step that failed and SQLite's message, never a bound value.
package struct SQLiteError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure; extensible.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case open, constraint, busy, failed }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The database file could not be opened or set up.
        package static let open = Code(.open)
        /// A `UNIQUE`, `CHECK`, `NOT NULL` or foreign-key constraint refused a write.
        package static let constraint = Code(.constraint)
        /// Another connection held the lock past the busy timeout.
        package static let busy = Code(.busy)
        /// Any other failure (I/O, full disk, malformed SQL).
        package static let failed = Code(.failed)

        package var description: String { "\(base)" }
    }

    package let code: Code
    package let reason: String
    package let file: String
    package let line: Int

    package init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    package var description: String { "SQLiteError.\(code): \(reason)" }
}

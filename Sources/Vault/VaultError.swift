/// The one error type of the vault: what failed, in words that never contain a secret.
public struct VaultError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure; extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: Hashable, Sendable {
            case invalidRow, notFound, alreadyExists, conflict, storage, cipher, masterKey, aws
        }
        private let backing: Backing
        private init(_ backing: Backing) { self.backing = backing }

        /// A row or argument is malformed (names the field).
        public static let invalidRow = Code(.invalidRow)
        /// No row has that public key.
        public static let notFound = Code(.notFound)
        /// A row with that public key already exists.
        public static let alreadyExists = Code(.alreadyExists)
        /// The row changed underneath the operation (a condition failed); nothing was written.
        public static let conflict = Code(.conflict)
        /// The backing store failed (SQLite, DynamoDB); nothing was written.
        public static let storage = Code(.storage)
        /// Encryption or decryption failed (wrong key, tampered ciphertext, wrong context).
        public static let cipher = Code(.cipher)
        /// The local master key file is missing, malformed or too widely readable.
        public static let masterKey = Code(.masterKey)
        /// An AWS call failed (see the reason for the AWS code and request id).
        public static let aws = Code(.aws)

        public var description: String { "\(backing)" }
    }

    public let code: Code
    public let reason: String
    public let file: String
    public let line: Int

    public init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    public static func == (lhs: VaultError, rhs: VaultError) -> Bool { lhs.code == rhs.code }
    public var description: String { "VaultError.\(code): \(reason)" }
}

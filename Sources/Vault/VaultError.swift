/// The one error type of the vault: what failed, in words that never contain a secret.
package struct VaultError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure; extensible.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: Hashable, Sendable {
            case invalidRow, notFound, alreadyExists, conflict, storage, cipher, masterKey, aws
        }
        private let backing: Backing
        private init(_ backing: Backing) { self.backing = backing }

        /// A row or argument is malformed (names the field).
        package static let invalidRow = Code(.invalidRow)
        /// No row has that public key.
        package static let notFound = Code(.notFound)
        /// A row with that public key already exists.
        package static let alreadyExists = Code(.alreadyExists)
        /// The row changed underneath the operation (a condition failed); nothing was written.
        package static let conflict = Code(.conflict)
        /// The backing store failed (SQLite, DynamoDB); nothing was written.
        package static let storage = Code(.storage)
        /// Encryption or decryption failed (wrong key, tampered ciphertext, wrong context).
        package static let cipher = Code(.cipher)
        /// The local master key file is missing, malformed or too widely readable.
        package static let masterKey = Code(.masterKey)
        /// An AWS call failed (see the reason for the AWS code and request id).
        package static let aws = Code(.aws)

        package var description: String { "\(backing)" }
    }

    package let code: Code
    package let reason: String
    /// The AWS error code (`AccessDeniedException`, …) when the failure wraps an ``AWSError`` that
    /// carried one, kept so callers can act on it without parsing ``reason``.
    package let awsCode: String?
    package let file: String
    package let line: Int

    package init(_ code: Code, _ reason: String, awsCode: String? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.awsCode = awsCode
        self.file = file
        self.line = line
    }

    package static func == (lhs: VaultError, rhs: VaultError) -> Bool { lhs.code == rhs.code }
    package var description: String { "VaultError.\(code): \(reason)" }
}

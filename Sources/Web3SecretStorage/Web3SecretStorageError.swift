/// The one error type of `Web3SecretStorage`: a V3 keystore that cannot be read, decrypted or
/// written, with the JSON field at fault when one can be named. Never quotes the password or key.
///
/// Equality compares the ``code`` only.
public struct Web3SecretStorageError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure; extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Not a V3 keystore this implementation reads (shape, version, cipher, KDF or parameters),
        /// or its MAC does not match (a wrong password or a corrupted file).
        public static let invalidKeystore = Code("invalidKeystore")
    }

    public let code: Code
    /// The JSON field at fault (`crypto.kdfparams.n`), if one can be named.
    public let field: String?
    public let reason: String
    /// Where the error was thrown (`#fileID`, `#line`).
    public let file: String
    public let line: Int

    public init(_ code: Code, field: String? = nil, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.field = field
        self.reason = reason
        self.file = file
        self.line = line
    }

    public var description: String { field.map { "\($0): \(reason)" } ?? reason }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}

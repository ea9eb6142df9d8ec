/// Why slashing protection could not give a decision or finish an operation.
///
/// One error type for the module (STYLE R8): an extensible ``Code``, a reason that never holds a
/// secret, and where it was thrown; equality compares the code only. A *refusal* to sign is not an
/// error: it is a ``SigningDecision`` value. This type is for storage failures and bad input
/// (interchange files, arguments).
public struct SlashingProtectionError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure; extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidInterchange, genesisValidatorsRootMismatch, noGenesisValidatorsRoot, unavailable, storage,
                invalidArgument
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// An EIP-3076 interchange document is malformed (the reason names the entry and field).
        public static let invalidInterchange = Code(.invalidInterchange)
        /// A store, file or request names a `genesis_validators_root` other than the store's.
        public static let genesisValidatorsRootMismatch = Code(.genesisValidatorsRootMismatch)
        /// The store has no `genesis_validators_root` yet and none was given.
        public static let noGenesisValidatorsRoot = Code(.noGenesisValidatorsRoot)
        /// The store cannot be reached (database down, connection lost). Nothing was signed or
        /// recorded; a signer answers 503 and the client may retry.
        public static let unavailable = Code(.unavailable)
        /// The store failed in a way retrying will not fix (schema, constraint, disk).
        public static let storage = Code(.storage)
        /// An argument is out of range (the reason says which).
        public static let invalidArgument = Code(.invalidArgument)

        public var description: String { "\(base)" }
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

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public var description: String { "SlashingProtectionError.\(code): \(reason)" }
}

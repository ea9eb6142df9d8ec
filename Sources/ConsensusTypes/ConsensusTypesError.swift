/// Why a consensus value could not be built or parsed.
///
/// One error type for the module (STYLE R8): an extensible ``Code``, a human-readable reason, and
/// where it was thrown. Equality compares the code only.
public struct ConsensusTypesError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidLength, limitExceeded, invalidBitfield, unknownChain, invalidChainSetting
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A fixed-size value (version, root, pubkey, …) had the wrong number of bytes.
        public static let invalidLength = Code(.invalidLength)
        /// A list, byte list or bit list was longer than its SSZ limit.
        public static let limitExceeded = Code(.limitExceeded)
        /// Serialised bit-field bytes were malformed (no delimiter bit in a bit list, or bits
        /// set past the length of a bit vector).
        public static let invalidBitfield = Code(.invalidBitfield)
        /// A chain name that is not one of the built-in chains.
        public static let unknownChain = Code(.unknownChain)
        /// A custom (devnet) chain setting was malformed.
        public static let invalidChainSetting = Code(.invalidChainSetting)

        public var description: String { "\(base)" }
    }

    public let code: Code
    public let reason: String
    public let file: String
    public let line: Int

    package init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    public var description: String { reason }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}

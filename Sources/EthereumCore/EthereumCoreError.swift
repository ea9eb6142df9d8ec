/// The one error type of `EthereumCore`: what kind of input was wrong, and a reason naming it.
///
/// Equality compares the ``code`` only, so tests can match a kind without the wording.
public struct EthereumCoreError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Text that is not hex: an odd number of digits, a non-hex character, or the wrong length.
        public static let invalidHex = Code("invalidHex")
        /// RLP that is malformed or not in canonical form.
        public static let invalidRLP = Code("invalidRLP")
        /// An address that is not 20 bytes of hex.
        public static let invalidAddress = Code("invalidAddress")
        /// A mixed-case address whose EIP-55 checksum does not match.
        public static let invalidChecksum = Code("invalidChecksum")
        /// A number that is malformed, negative, fractional where it may not be, or too large.
        public static let invalidQuantity = Code("invalidQuantity")
        /// An amount whose unit is unknown.
        public static let invalidUnit = Code("invalidUnit")
    }

    public let code: Code
    public let reason: String
    /// Where the error was thrown (`#fileID`, `#line`).
    public let file: String
    public let line: Int

    public init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    public var description: String { reason }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}

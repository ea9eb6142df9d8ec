/// The one error type of `Secp256k1`: the kind of failure and a reason naming the input at fault.
///
/// Equality compares the ``code`` only.
public struct Secp256k1Error: Error, Equatable, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A private key that is not 32 bytes in [1, n − 1].
        public static let invalidPrivateKey = Code("invalidPrivateKey")
        /// A public key that is malformed or not on the curve.
        public static let invalidPublicKey = Code("invalidPublicKey")
        /// A signature whose r or s is out of range, or a bad recovery id.
        public static let invalidSignature = Code("invalidSignature")
        /// DER that is malformed or not in strict (distinguished) form.
        public static let invalidDER = Code("invalidDER")
        /// A digest that is not 32 bytes.
        public static let invalidDigest = Code("invalidDigest")
        /// No public key could be recovered from the signature.
        public static let recoveryFailed = Code("recoveryFailed")
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

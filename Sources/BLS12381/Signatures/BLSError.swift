/// Why a BLS operation refused its input (R8: one error struct per module, equatable on its code).
///
/// Verification outcomes are not errors: `verify` returns `false`. Errors are for input that
/// cannot be parsed or used at all.
public struct BLSError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kind of failure; compare on this.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case invalidLength, invalidEncoding, notOnCurve, notInSubgroup, identityPublicKey
            case invalidSecretKey, emptyInput, lengthMismatch
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The bytes have the wrong length for what they encode.
        public static let invalidLength = Code(.invalidLength)
        /// Flag bits or the field element are not a valid ZCash encoding.
        public static let invalidEncoding = Code(.invalidEncoding)
        /// The coordinates are not on the curve.
        public static let notOnCurve = Code(.notOnCurve)
        /// The point is on the curve but not in the prime-order subgroup.
        public static let notInSubgroup = Code(.notInSubgroup)
        /// A public key is the identity (infinity), which KeyValidate rejects.
        public static let identityPublicKey = Code(.identityPublicKey)
        /// A secret key is zero or not below the group order r.
        public static let invalidSecretKey = Code(.invalidSecretKey)
        /// An aggregate of nothing was requested.
        public static let emptyInput = Code(.emptyInput)
        /// Lists that must be the same length are not.
        public static let lengthMismatch = Code(.lengthMismatch)

        public var description: String { "\(kind)" }
    }

    public let code: Code
    public let reason: String
    /// Where the error was thrown (`#fileID`, `#line`).
    public let file: String
    public let line: Int

    init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    public var description: String { reason }

    public static func == (lhs: BLSError, rhs: BLSError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

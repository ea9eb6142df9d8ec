/// The one error type of `EthereumTransactions`: the kind of failure, the field at fault (when
/// there is one, in the JSON-RPC spelling such as `maxFeePerGas` or `authorizationList[0].r`),
/// and a reason. Equality compares the ``code`` only.
public struct EthereumTransactionsError: Error, Equatable, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A transaction field that is missing, unknown, of the wrong type, or inconsistent.
        public static let invalidField = Code("invalidField")
        /// Raw transaction bytes that do not decode.
        public static let invalidEncoding = Code("invalidEncoding")
        /// A signature that is malformed, high-s where forbidden, or does not match the key.
        public static let invalidSignature = Code("invalidSignature")
        /// EIP-712 typed data that is malformed.
        public static let invalidTypedData = Code("invalidTypedData")
        /// A keystore that is malformed, uses an unsupported algorithm, or whose MAC does not match.
        public static let invalidKeystore = Code("invalidKeystore")
    }

    public let code: Code
    /// The offending field, if one can be named.
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

extension EthereumTransactionsError {
    static func field(_ name: String, _ reason: String) -> Self { .init(.invalidField, field: name, reason) }
}

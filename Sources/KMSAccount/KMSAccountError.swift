/// Every failure of a KMS-held Ethereum account: KMS unreachable or refusing, a key that is not a
/// secp256k1 signing key, or a signature that does not belong to the key (a request that cannot be
/// signed is an `EthereumTransactionsError` from `AccountSigner`). Messages name the key id and
/// what is wrong, never key material.
package struct KMSAccountError: Error, Hashable, CustomStringConvertible {
    /// What kind of failure this is. Extensible: switch with a `default`.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// KMS answered an error or could not be reached.
        package static let kms = Code("kms")
        /// The key is not an `ECC_SECG_P256K1` key, or its public key does not parse.
        package static let unsuitableKey = Code("unsuitableKey")
        /// KMS's signature does not verify against the key's public key for the digest.
        package static let badSignature = Code("badSignature")

        package var description: String { name }
    }

    package let code: Code
    package let reason: String
    /// The AWS error code (`AccessDeniedException`, …) when the failure wraps an ``AWSError`` that
    /// carried one, kept so callers can act on it without parsing ``reason``.
    package let awsCode: String?
    /// Where the error was thrown (`#fileID`, `#line`).
    package let file: String
    package let line: Int

    package init(_ code: Code, _ reason: String, awsCode: String? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.awsCode = awsCode
        self.file = file
        self.line = line
    }

    package var description: String { reason }

    /// Equality compares the code only.
    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    package func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

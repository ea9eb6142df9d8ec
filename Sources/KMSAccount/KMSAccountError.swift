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

    package init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    package var description: String { reason }
}

/// An EIP-2333 derivation path such as `m/12381/3600/0/0/0`, with the EIP-2334 validator paths
/// (https://eips.ethereum.org/EIPS/eip-2334).
public struct KeyPath: Hashable, Sendable, CustomStringConvertible {
    /// The child indices below `m`, in order.
    public let indices: [UInt32]

    /// EIP-2334 `purpose` for BLS12-381 keys.
    public static let purpose: UInt32 = 12381
    /// EIP-2334 `coin_type` for Ethereum consensus keys.
    public static let coinType: UInt32 = 3600

    public init(indices: [UInt32]) { self.indices = indices }

    /// Parses `m/a/b/…`. Only decimal indices below 2^32; no hardened marker (`'`), since every
    /// EIP-2333 derivation is hardened.
    ///
    /// - Throws: ``ValidatorKeysError`` (`invalidPath`) naming the bad component.
    public init(parsing text: String) throws(ValidatorKeysError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.first == "m" else {
            throw ValidatorKeysError(.invalidPath, "derivation path \"\(text)\" must start with \"m\"")
        }
        var indices = [UInt32]()
        for part in parts.dropFirst() {
            guard !part.isEmpty, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber), let i = UInt32(part) else {
                throw ValidatorKeysError(
                    .invalidPath, "derivation path \"\(text)\": \"\(part)\" is not an index from 0 to 4294967295")
            }
            indices.append(i)
        }
        self.indices = indices
    }

    /// EIP-2334 signing key of validator `i`: `m/12381/3600/i/0/0`.
    public static func signing(validatorIndex i: UInt32) -> KeyPath {
        KeyPath(indices: [purpose, coinType, i, 0, 0])
    }

    /// EIP-2334 withdrawal key of validator `i`: `m/12381/3600/i/0`.
    public static func withdrawal(validatorIndex i: UInt32) -> KeyPath {
        KeyPath(indices: [purpose, coinType, i, 0])
    }

    /// `m/12381/3600/…` with `/` separators, as keystores write it.
    public var description: String { (["m"] + indices.map(String.init)).joined(separator: "/") }
}

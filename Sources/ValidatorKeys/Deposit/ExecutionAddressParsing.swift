public import ConsensusTypes
import EthereumCore

/// Parses an execution (withdrawal) address as ethstaker-deposit-cli accepts it: `0x` and 40 hex
/// digits, with a valid EIP-55 checksum (https://eips.ethereum.org/EIPS/eip-55). An all-lower or
/// all-upper address has no checksum and is refused, as the reference refuses it: a withdrawal
/// address typed wrong loses the funds for good.
///
/// Stricter than `EthereumCore.Address`, which accepts all-lower/all-upper case as unchecksummed:
/// here, as in ethstaker-deposit-cli (`is_checksum_address`), the checksum is required.
extension ExecutionAddress {
    /// Parses and checks an EIP-55 address.
    ///
    /// - Throws: ``ValidatorKeysError`` (`invalidAddress`) saying what is wrong.
    public init(eip55 text: String) throws(ValidatorKeysError) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 42, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") else {
            throw ValidatorKeysError(.invalidAddress, "\"\(text)\" is not an address: expected 0x and 40 hex digits")
        }
        let bytes: [UInt8]
        do { bytes = try Hex.decode(text) } catch {
            throw ValidatorKeysError(.invalidAddress, "\"\(text)\" is not an address: \(error.reason)")
        }
        guard Self.checksummed(Array(utf8[2...])) == Array(utf8[2...]) else {
            throw ValidatorKeysError(
                .invalidAddress,
                "\"\(text)\" does not have a valid EIP-55 checksum (mixed case); copy the address from your wallet")
        }
        self.init(unchecked: bytes)
    }

    /// The EIP-55 form, `0x` plus mixed-case hex.
    public var eip55: String {
        "0x" + String(decoding: Self.checksummed(Array(Hex.encode(bytes, prefix: false).utf8)), as: UTF8.self)
    }

    /// EIP-55: upper-case the hex letter at position i when nibble i of keccak256(lower hex) ≥ 8.
    private static func checksummed(_ hex: [UInt8]) -> [UInt8] {
        let lower = hex.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") ? $0 + 32 : $0 }
        let hash = Keccak256.hash(lower)
        return lower.enumerated().map { i, c in
            let nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f
            return c >= UInt8(ascii: "a") && nibble >= 8 ? c - 32 : c
        }
    }
}

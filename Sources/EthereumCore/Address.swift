/// A 20-byte Ethereum account address.
///
/// Parsing follows EIP-55 (https://eips.ethereum.org/EIPS/eip-55): all-lower-case and
/// all-upper-case hex are accepted as unchecksummed; mixed case must match the checksum exactly.
/// Printing is always the EIP-55 checksummed form.
public struct Address: Hashable, Sendable, CustomStringConvertible {
    /// The 20 address bytes.
    public let bytes: [UInt8]

    /// Wraps exactly 20 bytes.
    public init(bytes: some Collection<UInt8>) throws(EthereumCoreError) {
        guard bytes.count == 20 else {
            throw EthereumCoreError(.invalidAddress, "an address is 20 bytes, got \(bytes.count)")
        }
        self.bytes = Array(bytes)
    }

    /// The address of a public key: the last 20 bytes of Keccak-256(x ‖ y) (Yellow Paper §7, eq. 284).
    ///
    /// - Parameter publicKeyXY: the 64-byte uncompressed point without its `0x04` prefix.
    public init(publicKeyXY: some Collection<UInt8>) throws(EthereumCoreError) {
        guard publicKeyXY.count == 64 else {
            throw EthereumCoreError(.invalidAddress, "an uncompressed public key without prefix is 64 bytes, got \(publicKeyXY.count)")
        }
        self.bytes = Array(Keccak256.hash(publicKeyXY).suffix(20))
    }

    /// Parses `0x` + 40 hex digits, enforcing the EIP-55 checksum when the case is mixed.
    ///
    /// - Throws: ``EthereumCoreError/Code-swift.struct/invalidAddress`` for malformed text,
    ///   ``EthereumCoreError/Code-swift.struct/invalidChecksum`` for a wrong checksum.
    public init(_ text: some StringProtocol) throws(EthereumCoreError) {
        let s = String(text)
        guard s.hasPrefix("0x") || s.hasPrefix("0X") else {
            throw EthereumCoreError(.invalidAddress, "address \"\(s)\" must start with 0x")
        }
        let digits = s.dropFirst(2)
        guard digits.utf8.count == 40 else {
            throw EthereumCoreError(.invalidAddress, "address \"\(s)\" must have 40 hex digits, has \(digits.utf8.count)")
        }
        let decoded: [UInt8]
        do { decoded = try Hex.decode(digits) } catch {
            throw EthereumCoreError(.invalidAddress, "address \"\(s)\": \(error.reason)")
        }
        self.bytes = decoded
        let hasLower = digits.utf8.contains { (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
        let hasUpper = digits.utf8.contains { (UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0) }
        if hasLower, hasUpper, String(digits) != Self.checksumDigits(decoded) {
            throw EthereumCoreError(.invalidChecksum, "address \"\(s)\" has a wrong EIP-55 checksum (expected \(description))")
        }
    }

    /// The EIP-55 checksummed form, `0x`-prefixed.
    public var description: String { "0x" + Self.checksumDigits(bytes) }

    /// EIP-55: hex digit i is upper-cased when nibble i of Keccak-256(lower-case hex) is ≥ 8.
    private static func checksumDigits(_ bytes: [UInt8]) -> String {
        let lower = Array(Hex.encode(bytes, prefix: false).utf8)
        let hash = Keccak256.hash(lower)
        var out = lower
        for i in out.indices where out[i] >= UInt8(ascii: "a") {
            let nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f
            if nibble >= 8 { out[i] -= 0x20 }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Recursive Length Prefix serialisation (Ethereum Yellow Paper, Appendix B).
///
/// An item is a byte string or a list of items. Encoding is always canonical; decoding
/// (``RLP/decode(_:)``) accepts canonical input only. Not constant-time; for public data.
public enum RLP: Hashable, Sendable {
    case bytes([UInt8])
    case list([RLP])

    /// A scalar, encoded big-endian without leading zeros (zero is the empty string).
    public static func scalar(_ value: UInt256) -> RLP { .bytes(value.minimalBigEndianBytes) }

    /// A scalar from a machine integer.
    public static func scalar(_ value: UInt64) -> RLP { .scalar(UInt256(value)) }

    /// The canonical encoding of this item.
    public var encoded: [UInt8] {
        var out = [UInt8]()
        append(to: &out)
        return out
    }

    /// Appends the canonical encoding of this item to `out`.
    public func append(to out: inout [UInt8]) {
        switch self {
        case .bytes(let b):
            // A single byte below 0x80 is its own encoding.
            if b.count == 1, b[0] < 0x80 {
                out.append(b[0])
            } else {
                Self.appendHeader(length: b.count, shortBase: 0x80, to: &out)
                out.append(contentsOf: b)
            }
        case .list(let items):
            var payload = [UInt8]()
            for item in items { item.append(to: &payload) }
            Self.appendHeader(length: payload.count, shortBase: 0xc0, to: &out)
            out.append(contentsOf: payload)
        }
    }

    /// Header: `base + length` below 56 bytes; otherwise `base + 55 + len(BE(length))`, BE(length).
    private static func appendHeader(length: Int, shortBase: UInt8, to out: inout [UInt8]) {
        if length < 56 {
            out.append(shortBase + UInt8(length))
        } else {
            let lengthBytes = UInt256(UInt64(length)).minimalBigEndianBytes
            out.append(shortBase + 55 + UInt8(lengthBytes.count))
            out.append(contentsOf: lengthBytes)
        }
    }
}

extension RLP {
    /// The bytes of a string item.
    ///
    /// - Throws: ``EthereumCoreError/Code-swift.struct/invalidRLP`` if this is a list; `field` names it.
    public func bytes(field: String) throws(EthereumCoreError) -> [UInt8] {
        guard case .bytes(let b) = self else { throw EthereumCoreError(.invalidRLP, "\(field): expected a byte string, found a list") }
        return b
    }

    /// The items of a list item.
    public func list(field: String) throws(EthereumCoreError) -> [RLP] {
        guard case .list(let l) = self else { throw EthereumCoreError(.invalidRLP, "\(field): expected a list, found a byte string") }
        return l
    }

    /// A canonical scalar: at most 32 bytes, no leading zero byte.
    public func scalar(field: String) throws(EthereumCoreError) -> UInt256 {
        let b = try bytes(field: field)
        guard b.first != 0 else { throw EthereumCoreError(.invalidRLP, "\(field): scalar has a leading zero byte") }
        guard b.count <= 32 else { throw EthereumCoreError(.invalidRLP, "\(field): scalar longer than 32 bytes") }
        return try UInt256(bigEndian: b)
    }

    /// A canonical scalar that must fit in 64 bits (nonce, gas, chain id).
    public func uint64(field: String) throws(EthereumCoreError) -> UInt64 {
        guard let v = try scalar(field: field).uint64 else {
            throw EthereumCoreError(.invalidRLP, "\(field): value does not fit in 64 bits")
        }
        return v
    }
}

extension RLP {
    /// Decodes exactly one item occupying all of `input`, accepting canonical encodings only.
    ///
    /// Rejected: truncated input, trailing bytes, a single byte below 0x80 wrapped in a string
    /// header, the long form for a payload under 56 bytes, and a length with leading zero bytes.
    ///
    /// - Throws: ``EthereumCoreError/Code-swift.struct/invalidRLP`` naming the offset.
    public static func decode(_ input: some Collection<UInt8>) throws(EthereumCoreError) -> RLP {
        let bytes = Array(input)
        var offset = 0
        let item = try decodeItem(bytes, &offset, depth: 0)
        guard offset == bytes.count else {
            throw EthereumCoreError(.invalidRLP, "\(bytes.count - offset) trailing bytes after the RLP item")
        }
        return item
    }

    /// Nesting limit, so hostile input cannot exhaust the stack.
    private static let maxDepth = 64

    private static func decodeItem(_ b: [UInt8], _ offset: inout Int, depth: Int) throws(EthereumCoreError) -> RLP {
        guard depth < maxDepth else { throw EthereumCoreError(.invalidRLP, "RLP nested deeper than \(maxDepth)") }
        guard offset < b.count else { throw EthereumCoreError(.invalidRLP, "RLP truncated at offset \(offset)") }
        let start = offset
        let prefix = b[offset]
        offset += 1
        switch prefix {
        case 0x00...0x7f:
            return .bytes([prefix])
        case 0x80...0xbf:
            let length = try payloadLength(b, &offset, prefix: prefix, base: 0x80, at: start)
            let payload = Array(b[offset..<(offset + length)])
            offset += length
            if length == 1, payload[0] < 0x80 {
                throw EthereumCoreError(.invalidRLP, "non-canonical RLP at offset \(start): single byte below 0x80 must encode itself")
            }
            return .bytes(payload)
        default:
            let length = try payloadLength(b, &offset, prefix: prefix, base: 0xc0, at: start)
            let end = offset + length
            var items = [RLP]()
            while offset < end { items.append(try decodeItem(b, &offset, depth: depth + 1)) }
            guard offset == end else {
                throw EthereumCoreError(.invalidRLP, "RLP list at offset \(start): an item runs past the list's end")
            }
            return .list(items)
        }
    }

    /// Reads the length after `prefix` and checks that the payload fits and is canonically sized.
    private static func payloadLength(
        _ b: [UInt8], _ offset: inout Int, prefix: UInt8, base: UInt8, at start: Int
    ) throws(EthereumCoreError) -> Int {
        let length: Int
        if prefix <= base + 55 {
            length = Int(prefix - base)
        } else {
            let lengthOfLength = Int(prefix - base - 55)
            guard b.count - offset >= lengthOfLength else {
                throw EthereumCoreError(.invalidRLP, "RLP truncated in the length at offset \(start)")
            }
            guard b[offset] != 0 else {
                throw EthereumCoreError(.invalidRLP, "non-canonical RLP at offset \(start): length has a leading zero")
            }
            guard lengthOfLength <= 4 else {
                throw EthereumCoreError(.invalidRLP, "RLP length at offset \(start) is too large")
            }
            var n = 0
            for i in 0..<lengthOfLength { n = n << 8 | Int(b[offset + i]) }
            offset += lengthOfLength
            guard n >= 56 else {
                throw EthereumCoreError(.invalidRLP, "non-canonical RLP at offset \(start): long form for a \(n)-byte payload")
            }
            length = n
        }
        guard b.count - offset >= length else {
            throw EthereumCoreError(.invalidRLP, "RLP truncated: item at offset \(start) needs \(length) bytes, \(b.count - offset) left")
        }
        return length
    }
}

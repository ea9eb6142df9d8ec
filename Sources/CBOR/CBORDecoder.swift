extension CBOR {
    /// Items nest at most this deep: a document nests three levels, COSE four.
    static let maximumDepth = 16

    /// Decodes exactly one data item filling all of `bytes` (RFC 8949 §3, definite lengths only).
    ///
    /// - Throws: ``CBORError/Code/malformed`` naming the offset: a truncated item,
    ///   trailing bytes, an indefinite length, a float or other simple value, a reserved
    ///   additional-information value, invalid UTF-8, a duplicate map key, or nesting deeper than 16.
    public static func decode(_ bytes: some Collection<UInt8>) throws(CBORError) -> CBOR {
        var reader = Reader(bytes: Array(bytes))
        let item = try reader.item(depth: 0)
        guard reader.offset == reader.bytes.count else {
            throw CBORError(.malformed, "\(reader.bytes.count - reader.offset) bytes after the item at offset \(reader.offset)")
        }
        return item
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func byte() throws(CBORError) -> UInt8 {
            guard offset < bytes.count else { throw CBORError(.malformed, "truncated at offset \(offset)") }
            defer { offset += 1 }
            return bytes[offset]
        }

        /// The argument of an initial byte (RFC 8949 §3): the value itself below 24, else 1, 2, 4
        /// or 8 following bytes, big-endian.
        mutating func argument(_ info: UInt8) throws(CBORError) -> UInt64 {
            switch info {
            case 0..<24: return UInt64(info)
            case 24...27:
                var value: UInt64 = 0
                for _ in 0..<(1 << (info - 24)) { value = value << 8 | UInt64(try byte()) }
                return value
            case 31: throw CBORError(.malformed, "indefinite length at offset \(offset - 1)")
            default: throw CBORError(.malformed, "reserved additional information \(info) at offset \(offset - 1)")
            }
        }

        /// A length that fits in what is left of the input (so nothing is allocated for a lie).
        mutating func length(_ info: UInt8, unit: Int) throws(CBORError) -> Int {
            let start = offset - 1
            let value = try argument(info)
            guard value <= UInt64((bytes.count - offset) / unit) else {
                throw CBORError(.malformed, "length \(value) at offset \(start) runs past the end")
            }
            return Int(value)
        }

        mutating func take(_ count: Int) -> [UInt8] {
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }

        mutating func item(depth: Int) throws(CBORError) -> CBOR {
            guard depth < CBOR.maximumDepth else { throw CBORError(.malformed, "nested deeper than \(CBOR.maximumDepth) at offset \(offset)") }
            let start = offset
            let initial = try byte()
            let info = initial & 0x1f
            switch initial >> 5 {
            case 0: return .unsigned(try argument(info))
            case 1: return .negative(try argument(info))
            case 2: return .bytes(take(try length(info, unit: 1)))
            case 3:
                let raw = take(try length(info, unit: 1))
                guard let text = String(validating: raw, as: UTF8.self) else {
                    throw CBORError(.malformed, "text string at offset \(start) is not UTF-8")
                }
                return .text(text)
            case 4:
                // Every item takes at least one byte.
                let count = try length(info, unit: 1)
                var items: [CBOR] = []
                items.reserveCapacity(count)
                for _ in 0..<count { items.append(try item(depth: depth + 1)) }
                return .array(items)
            case 5:
                let count = try length(info, unit: 2)
                var entries: [(key: CBOR, value: CBOR)] = []
                var keys = Set<CBOR>()
                for _ in 0..<count {
                    let keyOffset = offset
                    let key = try item(depth: depth + 1)
                    guard keys.insert(key).inserted else { throw CBORError(.malformed, "duplicate map key at offset \(keyOffset)") }
                    entries.append((key, try item(depth: depth + 1)))
                }
                return .map(entries)
            case 6: return .tagged(try argument(info), try item(depth: depth + 1))
            default:
                switch info {
                case 20: return .bool(false)
                case 21: return .bool(true)
                case 22: return .null
                default: throw CBORError(.malformed, "unsupported simple value or float (\(info)) at offset \(start)")
                }
            }
        }
    }
}

import EthereumCore

/// A parsed EIP-712 member type.
indirect enum TypedDataType: Sendable {
    case address, bool, string, bytes
    case fixedBytes(Int)
    case uint(Int)
    case int(Int)
    case structType(String)
    /// `T[]` (count nil) or `T[k]`.
    case array(TypedDataType, count: Int?)

    var innermost: TypedDataType {
        if case .array(let t, _) = self { return t.innermost }
        return self
    }
}

extension TypedData {
    /// Parses a type string: atomic, dynamic, a defined struct, or arrays of those.
    func parse(_ type: String, at path: String) throws(EthereumTransactionsError) -> TypedDataType {
        // Peel the array suffixes off the end (`T[2][]` is an array of `T[2]`), without recursion.
        var base = Substring(type)
        var dimensions: [Int?] = []
        while base.hasSuffix("]"), let open = base.lastIndex(of: "[") {
            guard dimensions.count < Self.maxArrayDimensions else {
                throw Self.error(path, "more than \(Self.maxArrayDimensions) array dimensions in \"\(type.prefix(64))…\"")
            }
            let size = base[base.index(after: open)..<base.index(before: base.endIndex)]
            if size.isEmpty {
                dimensions.append(nil)
            } else {
                guard let k = Int(size), k > 0, String(k) == size else { throw Self.error(path, "bad array size in \"\(type.prefix(64))\"") }
                dimensions.append(k)
            }
            base = base[..<open]
        }
        var parsed = try parseElement(String(base), at: path)
        for count in dimensions.reversed() { parsed = .array(parsed, count: count) }
        return parsed
    }

    /// The most array dimensions a member type may have (`T[][]…`): enough for any real schema,
    /// few enough that hostile input cannot recurse deeply.
    static let maxArrayDimensions = 32

    /// An atomic, dynamic or struct type (no array suffix).
    private func parseElement(_ type: String, at path: String) throws(EthereumTransactionsError) -> TypedDataType {
        switch type {
        case "address": return .address
        case "bool": return .bool
        case "string": return .string
        case "bytes": return .bytes
        default: break
        }
        for (prefix, make) in [("bytes", TypedDataType.fixedBytes), ("uint", TypedDataType.uint), ("int", TypedDataType.int)] {
            guard type.hasPrefix(prefix), let n = Int(type.dropFirst(prefix.count)), String(n) == type.dropFirst(prefix.count) else { continue }
            let ok = prefix == "bytes" ? (1...32).contains(n) : (n % 8 == 0 && (8...256).contains(n))
            guard ok else { throw Self.error(path, "invalid type \"\(type)\"") }
            return make(n)
        }
        guard types[type] != nil else { throw Self.error(path, "type \"\(type)\" is not defined in types") }
        return .structType(type)
    }

    /// `encodeData` of one member value: a 32-byte word (EIP-712 "Definition of encodeData").
    func encodeValue(_ type: TypedDataType, _ v: JSONValue, at path: String) throws(EthereumTransactionsError) -> [UInt8] {
        switch type {
        case .structType(let name):
            guard case .object(let o) = v else { throw Self.error(path, "expected an object for \(name), found \(v.typeName)") }
            return try hashStruct(name, o, at: path)
        case .array(let element, let count):
            guard case .array(let items) = v else { throw Self.error(path, "expected an array, found \(v.typeName)") }
            if let count, items.count != count { throw Self.error(path, "expected \(count) elements, found \(items.count)") }
            // Arrays: keccak256 of the concatenated encodeData of their contents.
            var h = Keccak256()
            for (i, item) in items.enumerated() { h.update(try encodeValue(element, item, at: "\(path)[\(i)]")) }
            return h.finalize()
        case .string:
            guard case .string(let s) = v else { throw Self.error(path, "expected a string, found \(v.typeName)") }
            return Keccak256.hash(Array(s.utf8))
        case .bytes:
            return Keccak256.hash(try hexValue(v, at: path))
        case .fixedBytes(let n):
            let b = try hexValue(v, at: path)
            guard b.count == n else { throw Self.error(path, "bytes\(n) needs exactly \(n) bytes, got \(b.count)") }
            return b + [UInt8](repeating: 0, count: 32 - n)
        case .bool:
            guard case .bool(let b) = v else { throw Self.error(path, "expected true or false, found \(v.typeName)") }
            return [UInt8](repeating: 0, count: 31) + [b ? 1 : 0]
        case .address:
            guard case .string(let s) = v else { throw Self.error(path, "expected an address string, found \(v.typeName)") }
            do { return [UInt8](repeating: 0, count: 12) + (try Address(s).bytes) } catch { throw Self.error(path, error.reason) }
        case .uint(let bits):
            let (negative, magnitude) = try integer(v, at: path)
            guard !negative || magnitude.isZero else { throw Self.error(path, "uint\(bits) cannot be negative") }
            guard magnitude.bitWidth <= bits else { throw Self.error(path, "value does not fit in uint\(bits)") }
            return magnitude.bigEndianBytes32
        case .int(let bits):
            let (negative, magnitude) = try integer(v, at: path)
            if !negative || magnitude.isZero {
                guard magnitude.bitWidth <= bits - 1 else { throw Self.error(path, "value does not fit in int\(bits)") }
                return magnitude.bigEndianBytes32
            }
            // −2^(bits−1) ≤ v < 0, written as the 256-bit two's complement 2^256 − |v|.
            let belowMagnitude = magnitude.subtractingReportingOverflow(UInt256(1)).partialValue
            guard belowMagnitude.bitWidth <= bits - 1 else { throw Self.error(path, "value does not fit in int\(bits)") }
            return UInt256.max.subtractingReportingOverflow(belowMagnitude).partialValue.bigEndianBytes32
        }
    }

    private func hexValue(_ v: JSONValue, at path: String) throws(EthereumTransactionsError) -> [UInt8] {
        guard case .string(let s) = v, s.hasPrefix("0x") || s.hasPrefix("0X") else {
            throw Self.error(path, "expected 0x-prefixed hex, found \(v.typeName)")
        }
        do { return try Hex.decode(s) } catch { throw Self.error(path, error.reason) }
    }

    /// An integer from a JSON number or a decimal / `0x` hex string, with an optional leading `-`.
    private func integer(_ v: JSONValue, at path: String) throws(EthereumTransactionsError) -> (negative: Bool, magnitude: UInt256) {
        let text: String
        switch v {
        case .number(let n): text = n
        case .string(let s): text = s
        default: throw Self.error(path, "expected an integer, found \(v.typeName)")
        }
        let negative = text.hasPrefix("-")
        do { return (negative, try UInt256(parsing: negative ? String(text.dropFirst()) : text)) } catch {
            throw Self.error(path, error.reason)
        }
    }
}

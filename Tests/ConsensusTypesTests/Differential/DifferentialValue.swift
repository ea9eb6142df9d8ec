import TestSupport
import ConsensusTypes
import EthereumCore

/// The shape of a generated value: all zero with empty lists, every list and bit list at its
/// limit, or random.
enum Shape: Sendable { case zero, full, random }

/// Random values of a given shape.
struct Gen {
    var rng: TestRNG
    let shape: Shape

    /// Lists longer than this are not built in full (the 2^40 and 2^25 limits of the general
    /// type tests); every signing container's limit is below it.
    static let lengthCap = 1 << 17

    /// Random lists longer than this are not drawn (the reference takes about 13 µs per
    /// element); the full-shape value still reaches every limit up to ``lengthCap``.
    static let randomLengthCap = 4096

    /// A list length for `limit`: 0, the limit, or (random shape) 0 one time in twenty, the
    /// limit one time in twenty when it is at most ``randomLengthCap``, otherwise uniform below a
    /// random power of two, so short lists dominate and every order of magnitude appears.
    mutating func length(limit: Int) -> Int {
        let cap = min(limit, Self.lengthCap)
        switch shape {
        case .zero: return 0
        case .full: return cap
        case .random:
            let randomCap = min(cap, Self.randomLengthCap)
            switch rng.next() % 20 {
            case 0: return 0
            case 1: return randomCap
            default:
                let bits = Int.random(in: 0...(Int.bitWidth - randomCap.leadingZeroBitCount), using: &rng)
                return Int.random(in: 0...min(randomCap, 1 << bits), using: &rng)
            }
        }
    }

    /// A `uint64`: zero, the maximum, or random with edge values now and then.
    mutating func u64() -> UInt64 {
        switch shape {
        case .zero: return 0
        case .full: return rng.next()
        case .random:
            switch rng.next() % 8 {
            case 0: return 0
            case 1: return .max
            case 2: return rng.next() % 256
            default: return rng.next()
            }
        }
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count + 8)
        while out.count < count {
            let word = shape == .zero ? 0 : rng.next()
            withUnsafeBytes(of: word) { out.append(contentsOf: $0.prefix(count - out.count)) }
        }
        return out
    }

    mutating func bit() -> Bool {
        switch shape {
        case .zero: return false
        case .full: return true
        case .random: return rng.next() & 1 == 1
        }
    }
}

/// A value the differential test can generate, describe to Python, and check the serialisation of.
protocol DifferentialValue: HashTreeRootable {
    static func random(_ g: inout Gen) throws -> Self
    var json: JSONValue { get }
    /// Whether `serialize(self)` by the reference matches ours (and parses back to `self`), for
    /// the types that serialise here; `nil` for the others.
    func matchesSSZ(_ reference: [UInt8]) -> Bool?
}

extension DifferentialValue {
    func matchesSSZ(_ reference: [UInt8]) -> Bool? { nil }
}

extension DifferentialValue where Self: SSZBasicType {
    func matchesSSZ(_ reference: [UInt8]) -> Bool? {
        var ours = [UInt8]()
        appendSSZ(to: &ours)
        return ours == reference
    }
}

extension UInt8: DifferentialValue {
    static func random(_ g: inout Gen) -> UInt8 { UInt8(truncatingIfNeeded: g.u64()) }
    var json: JSONValue { .number(UInt64(self)) }
}

extension UInt16: DifferentialValue {
    static func random(_ g: inout Gen) -> UInt16 { UInt16(truncatingIfNeeded: g.u64()) }
    var json: JSONValue { .number(UInt64(self)) }
}

extension UInt32: DifferentialValue {
    static func random(_ g: inout Gen) -> UInt32 { UInt32(truncatingIfNeeded: g.u64()) }
    var json: JSONValue { .number(UInt64(self)) }
}

extension UInt64: DifferentialValue {
    static func random(_ g: inout Gen) -> UInt64 { g.u64() }
    var json: JSONValue { .number(self) }
}

extension UInt128: DifferentialValue {
    static func random(_ g: inout Gen) -> UInt128 { UInt128(g.u64()) << 64 | UInt128(g.u64()) }
    var json: JSONValue { .string(String(self)) }
}

extension UInt256: DifferentialValue {
    static func random(_ g: inout Gen) throws -> UInt256 { try UInt256(bigEndian: g.bytes(32)) }
    var json: JSONValue { .string(description) }
}

extension Bool: DifferentialValue {
    static func random(_ g: inout Gen) -> Bool { g.bit() }
    var json: JSONValue { .bool(self) }
}

extension DifferentialValue where Self: FixedBytes {
    static func random(_ g: inout Gen) -> Self { Self(unchecked: g.bytes(byteCount)) }
    var json: JSONValue { .string(description) }
}

extension Root: DifferentialValue {}
extension Version: DifferentialValue {}
extension Domain: DifferentialValue {}
extension BLSPubkey: DifferentialValue {}
extension BLSSignature: DifferentialValue {}
extension ExecutionAddress: DifferentialValue {}
extension ByteVector: DifferentialValue {}

extension ByteList: DifferentialValue {
    static func random(_ g: inout Gen) throws -> ByteList {
        try ByteList(g.bytes(g.length(limit: maxCount)))
    }
    var json: JSONValue { .string(bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()) }
}

private func bitString(_ bits: [Bool]) -> JSONValue { .string(String(bits.map { $0 ? "1" : "0" })) }

extension Bitvector: DifferentialValue {
    static func random(_ g: inout Gen) throws -> Bitvector {
        try Bitvector(bits: (0..<count).map { _ in g.bit() })
    }
    var json: JSONValue { bitString(bits) }
    func matchesSSZ(_ reference: [UInt8]) -> Bool? {
        sszBytes == reference && (try? Bitvector(sszBytes: reference)) == self
    }
}

extension Bitlist: DifferentialValue {
    static func random(_ g: inout Gen) throws -> Bitlist {
        let n = g.length(limit: maxCount)
        return try Bitlist(bits: (0..<n).map { _ in g.bit() })
    }
    var json: JSONValue { bitString(bits) }
    func matchesSSZ(_ reference: [UInt8]) -> Bool? {
        sszBytes == reference && (try? Bitlist(sszBytes: reference)) == self
    }
}

extension SSZList: DifferentialValue where Element: DifferentialValue & Equatable {
    static func random(_ g: inout Gen) throws -> SSZList {
        let n = g.length(limit: maxCount)
        var elements = [Element]()
        for _ in 0..<n { elements.append(try Element.random(&g)) }
        return try SSZList(elements)
    }
    var json: JSONValue { .array(elements.map(\.json)) }
}

extension SSZVector: DifferentialValue where Element: DifferentialValue & Equatable {
    static func random(_ g: inout Gen) throws -> SSZVector {
        var elements = [Element]()
        for _ in 0..<count { elements.append(try Element.random(&g)) }
        return try SSZVector(elements)
    }
    var json: JSONValue { .array(elements.map(\.json)) }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

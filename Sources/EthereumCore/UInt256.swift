/// An unsigned 256-bit integer: the range of every Ethereum quantity (EVM word size).
///
/// Only what quantities need: parsing (decimal and `0x` hex, never floating point), minimal
/// big-endian bytes, decimal printing, checked add and multiply. Not constant-time; for public
/// values (amounts, gas, nonces), not secrets.
public struct UInt256: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Little-endian 64-bit limbs: `limbs.0` is the least significant.
    private var limbs: (UInt64, UInt64, UInt64, UInt64)

    public static let zero = UInt256(0)
    public static let max = UInt256(limbs: (.max, .max, .max, .max))

    private init(limbs: (UInt64, UInt64, UInt64, UInt64)) { self.limbs = limbs }

    public init(_ value: UInt64) { limbs = (value, 0, 0, 0) }

    /// Interprets up to 32 big-endian bytes (leading zeros allowed).
    public init(bigEndian bytes: some Collection<UInt8>) throws(EthereumCoreError) {
        let trimmed = bytes.drop(while: { $0 == 0 })
        guard trimmed.count <= 32 else {
            throw EthereumCoreError(.invalidQuantity, "value does not fit in 256 bits (\(bytes.count) bytes)")
        }
        var words: [UInt64] = [0, 0, 0, 0]
        for (i, b) in trimmed.reversed().enumerated() { words[i / 8] |= UInt64(b) << (8 * UInt64(i % 8)) }
        limbs = (words[0], words[1], words[2], words[3])
    }

    private var words: [UInt64] { [limbs.0, limbs.1, limbs.2, limbs.3] }
    private init(words w: [UInt64]) { limbs = (w[0], w[1], w[2], w[3]) }

    /// Big-endian bytes without leading zeros (zero is `[]`), as RLP encodes scalars.
    public var minimalBigEndianBytes: [UInt8] { Array(bigEndianBytes32.drop(while: { $0 == 0 })) }

    /// Exactly 32 big-endian bytes, as ABI / EIP-712 words.
    public var bigEndianBytes32: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(32)
        for w in words.reversed() { for k in (0..<8).reversed() { out.append(UInt8(truncatingIfNeeded: w >> (8 * UInt64(k)))) } }
        return out
    }

    /// The value, if it fits in 64 bits.
    public var uint64: UInt64? { limbs.1 == 0 && limbs.2 == 0 && limbs.3 == 0 ? limbs.0 : nil }

    public var isZero: Bool { self == .zero }

    /// Number of significant bits.
    public var bitWidth: Int {
        let w = words
        for i in (0..<4).reversed() where w[i] != 0 { return 64 * i + (64 - w[i].leadingZeroBitCount) }
        return 0
    }

    /// `self + other`, and whether it overflowed 256 bits.
    public func addingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var a = words, carry = false
        let b = other.words
        for i in 0..<4 {
            let (s1, o1) = a[i].addingReportingOverflow(b[i])
            let (s2, o2) = s1.addingReportingOverflow(carry ? 1 : 0)
            a[i] = s2
            carry = o1 || o2
        }
        return (UInt256(words: a), carry)
    }

    /// `self − other`, and whether it borrowed (other > self).
    public func subtractingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var a = words, borrow = false
        let b = other.words
        for i in 0..<4 {
            let (d1, o1) = a[i].subtractingReportingOverflow(b[i])
            let (d2, o2) = d1.subtractingReportingOverflow(borrow ? 1 : 0)
            a[i] = d2
            borrow = o1 || o2
        }
        return (UInt256(words: a), borrow)
    }

    /// `self × m`, and whether it overflowed 256 bits.
    public func multipliedReportingOverflow(by m: UInt64) -> (partialValue: UInt256, overflow: Bool) {
        var a = words, carry: UInt64 = 0
        for i in 0..<4 {
            let (hi, lo) = a[i].multipliedFullWidth(by: m)
            let (s, o) = lo.addingReportingOverflow(carry)
            a[i] = s
            carry = hi &+ (o ? 1 : 0)  // hi ≤ 2^64 − 2 for any 64×64-bit product, so adding 1 cannot wrap
        }
        return (UInt256(words: a), carry != 0)
    }

    /// Quotient and remainder by a small divisor.
    public func quotientAndRemainder(dividingBy d: UInt64) -> (quotient: UInt256, remainder: UInt64) {
        precondition(d != 0, "division by zero")  // invariant: every caller divides by a non-zero constant (2, 10, 10^9)
        var a = words, rem: UInt64 = 0
        for i in (0..<4).reversed() {
            let (q, r) = d.dividingFullWidth((rem, a[i]))
            a[i] = q
            rem = r
        }
        return (UInt256(words: a), rem)
    }

    public static func < (lhs: UInt256, rhs: UInt256) -> Bool {
        let a = lhs.words, b = rhs.words
        for i in (0..<4).reversed() where a[i] != b[i] { return a[i] < b[i] }
        return false
    }

    public static func == (lhs: UInt256, rhs: UInt256) -> Bool { lhs.words == rhs.words }
    public func hash(into hasher: inout Hasher) { hasher.combine(words) }

    /// Decimal digits.
    public var description: String {
        if isZero { return "0" }
        var digits = [UInt8](), v = self
        while !v.isZero {
            let (q, r) = v.quotientAndRemainder(dividingBy: 10)
            digits.append(UInt8(ascii: "0") + UInt8(r))
            v = q
        }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }

    /// `0x`-prefixed hex without leading zeros (`0x0` for zero), as JSON-RPC writes quantities.
    public var hexQuantity: String {
        let hex = Hex.encode(minimalBigEndianBytes, prefix: false).drop(while: { $0 == "0" })
        return "0x" + (hex.isEmpty ? "0" : hex)
    }
}

/// Conversions between ``Fp`` and big-endian bytes, and the canonical-value predicates the
/// encodings need (sign of y, sgn0).
extension Fp {
    /// The raw 64-bit limb at `index` (0 least significant) of the 48-byte big-endian `bytes`,
    /// read from `offset`.
    @inline(__always)
    private static func limb(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ index: Int) -> UInt64 {
        var value: UInt64 = 0
        let start = offset + 40 - 8 * index
        for i in 0..<8 { value = value << 8 | UInt64(bytes[start + i]) }
        return value
    }

    /// Reads a 48-byte big-endian integer. Returns the element and whether the integer was below p
    /// (canonical); a non-canonical input gives a meaningless element. Constant-time.
    static func fromBigEndian(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) -> (Fp, isCanonical: Choice) {
        precondition(bytes.count >= offset + 48)  // invariant: the only callers pass 48-byte buffers (fromBigEndian([UInt8]) checks the count)
        let raw = Fp(l0: limb(bytes, offset, 0), l1: limb(bytes, offset, 1), l2: limb(bytes, offset, 2),
                     l3: limb(bytes, offset, 3), l4: limb(bytes, offset, 4), l5: limb(bytes, offset, 5))
        return (raw * Constants.rSquared, raw.isBelowModulus)
    }

    /// Reads a 48-byte big-endian integer, `nil` if it is not below p. For public input only.
    static func fromBigEndian(_ bytes: [UInt8]) -> Fp? {
        guard bytes.count == 48 else { return nil }
        let (value, ok) = bytes.withUnsafeBytes { fromBigEndian($0) }
        return ok.isTrue ? value : nil
    }

    /// Reduces a 64-byte big-endian integer modulo p (hash_to_field, RFC 9380 section 5.2).
    static func fromBigEndianWide(_ bytes: UnsafeRawBufferPointer) -> Fp {
        // x = hi * 2^256 + lo with hi, lo < 2^256 < p: each half is a reduced input to the
        // Montgomery product (which the no-carry multiplication requires), and
        // x R = mont(hi, R^2) * 2^256 + mont(lo, R^2)  (mod p).
        var padded = [UInt8](repeating: 0, count: 96)
        for i in 0..<32 { padded[16 + i] = bytes[i] }
        for i in 0..<32 { padded[64 + i] = bytes[32 + i] }
        return padded.withUnsafeBytes { padded in
            let hi = Fp(l0: limb(padded, 0, 0), l1: limb(padded, 0, 1), l2: limb(padded, 0, 2),
                        l3: limb(padded, 0, 3), l4: limb(padded, 0, 4), l5: limb(padded, 0, 5))
            let lo = Fp(l0: limb(padded, 48, 0), l1: limb(padded, 48, 1), l2: limb(padded, 48, 2),
                        l3: limb(padded, 48, 3), l4: limb(padded, 48, 4), l5: limb(padded, 48, 5))
            return hi * Constants.rSquared * Constants.twoTo256 + lo * Constants.rSquared
        }
    }

    /// The canonical integer (out of Montgomery form), as raw limbs.
    @inline(__always)
    var canonical: Fp { Fp.montgomeryMultiply(self, Fp(l0: 1, l1: 0, l2: 0, l3: 0, l4: 0, l5: 0)) }

    /// The 48-byte big-endian encoding of the canonical integer.
    func bigEndianBytes() -> [UInt8] {
        let c = canonical
        let limbs = [c.l5, c.l4, c.l3, c.l2, c.l1, c.l0]
        var out = [UInt8]()
        out.reserveCapacity(48)
        for limb in limbs {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: limb >> UInt64(shift))) }
        }
        return out
    }

    /// True when the raw limbs, read as an integer, are below p.
    @inline(__always)
    var isBelowModulus: Choice {
        var borrow: UInt64 = 0
        (_, borrow) = subtractWithBorrow(l0, Fp.p0, borrow)
        (_, borrow) = subtractWithBorrow(l1, Fp.p1, borrow)
        (_, borrow) = subtractWithBorrow(l2, Fp.p2, borrow)
        (_, borrow) = subtractWithBorrow(l3, Fp.p3, borrow)
        (_, borrow) = subtractWithBorrow(l4, Fp.p4, borrow)
        (_, borrow) = subtractWithBorrow(l5, Fp.p5, borrow)
        return Choice(bit: borrow)
    }

    /// True when the canonical value exceeds (p - 1) / 2: the ZCash encoding's "sign" of y.
    var isLexicographicallyLargest: Choice {
        // value > (p-1)/2  <=>  value - (p+1)/2 does not borrow.
        let c = canonical
        var borrow: UInt64 = 0
        (_, borrow) = subtractWithBorrow(c.l0, 0xdcff_7fff_ffff_d556, borrow)
        (_, borrow) = subtractWithBorrow(c.l1, 0x0f55_ffff_58a9_ffff, borrow)
        (_, borrow) = subtractWithBorrow(c.l2, 0xb398_6950_7b58_7b12, borrow)
        (_, borrow) = subtractWithBorrow(c.l3, 0xb23b_a5c2_79c2_895f, borrow)
        (_, borrow) = subtractWithBorrow(c.l4, 0x258d_d3db_21a5_d66b, borrow)
        (_, borrow) = subtractWithBorrow(c.l5, 0x0d00_88f5_1cbf_f34d, borrow)
        return !Choice(bit: borrow)
    }

    /// sgn0 (RFC 9380 section 4.1): the parity of the canonical value.
    var sgn0: Choice { Choice(bit: canonical.l0 & 1) }
}

/// Constant-time scalar multiplication on G2 with the psi endomorphism (GLS).
///
/// On G2, psi acts as multiplication by x (p = x mod r), so [|x|] P = -psi(P). Writing the
/// scalar in base |x|, k = d0 + d1 |x| + d2 |x|^2 + d3 |x|^3 with every digit below |x| < 2^64
/// (possible because r < |x|^4), gives [k] P = sum of [d_i] (-psi)^i(P): four 64-bit
/// multiplications sharing one run of doublings instead of 256 (Galbraith, Lin and Scott,
/// "Endomorphisms for faster elliptic curve cryptography on a large class of curves", 2009).
/// Each digit is read in 13 signed windows of 5 bits (Booth recoding, digits -16...16): 51
/// additions (the first entry starts the sum) and 60 doublings, against 64 and 64 for unsigned
/// 4-bit windows.
/// The digits come from a branch-free long division, each table lookup reads the whole table
/// (``ProjectivePoint/constantTimeEntry(of:at:)``) and the sign is applied by a masked negation,
/// so time and memory access do not depend on the scalar (R5; checked under valgrind by
/// `scripts/check-constant-time`).
extension ProjectivePoint where Curve == G2Curve {
    /// `[k] self` for a secret scalar, in constant time.
    ///
    /// - Precondition: `self` is in G2 (where psi acts as [x]); signing only multiplies
    ///   hash_to_G2 outputs, which are.
    func multipliedInG2(by k: Scalar) -> G2Point {
        let digits = k.baseAbsXDigits()
        // tables[i][j] = [j] (-psi)^i (self), j = 0...16
        var base = [G2Point](repeating: .identity, count: 17)
        base[1] = self
        for j in 2...16 { base[j] = j % 2 == 0 ? base[j / 2].doubled() : base[j - 1] + self }
        var tables = [base]
        for i in 1..<4 { tables.append(tables[i - 1].map { -$0.psi() }) }

        let top = Scalar.signedWindowCount - 1
        var result = G2Point.identity
        for window in stride(from: top, through: 0, by: -1) {
            if window != top {
                for _ in 0..<Scalar.signedWindowWidth { result = result.doubled() }
            }
            for i in 0..<4 {
                let (magnitude, isNegative) = Scalar.signedWindow(of: digits[i], at: window)
                var entry = G2Point.constantTimeEntry(of: tables[i], at: magnitude)
                entry = .select(entry, -entry, isNegative)
                // The first entry starts the sum (which window comes first is public).
                result = window == top && i == 0 ? entry : result + entry
            }
        }
        return result
    }
}

extension Scalar {
    /// The base-|x| digits [d0, d1, d2, d3] of the scalar, least significant first, each below
    /// |x| = 0xd201000000010000. Constant-time.
    func baseAbsXDigits() -> [UInt64] {
        var n = [l0, l1, l2, l3]
        var digits: [UInt64] = []
        for _ in 0..<3 {
            let (quotient, remainder) = Scalar.divideByAbsX(n)
            digits.append(remainder)
            n = quotient
        }
        digits.append(n[0])  // below |x| because the scalar is below r < |x|^4
        return digits
    }

    /// The width of the signed windows ``signedWindow(of:at:)`` reads.
    static let signedWindowWidth = 5

    /// Windows per 64-bit digit: 13 windows of 5 bits cover bits 0...64, and bit 64 (zero) makes
    /// the top window non-negative.
    static let signedWindowCount = 13

    /// Window `i` of a 64-bit digit `d` in Booth recoding of width 5: the signed value
    /// -16 b(5i+4) + 8 b(5i+3) + 4 b(5i+2) + 2 b(5i+1) + b(5i) + b(5i-1), in -16...16, returned as
    /// its magnitude (0...16) and sign, with bits below 0 and above 63 zero. The windows
    /// recompose the digit: d = sum of value(i) 2^(5i) for i in 0..<13. Constant-time in `d`
    /// (the window index `i` is public).
    static func signedWindow(of d: UInt64, at i: Int) -> (magnitude: UInt64, isNegative: Choice) {
        // Six bits, b(5i-1) lowest: the sign bit b(5i+4) is bit 5.
        let bits = i == 0 ? (d << 1) & 0x3f : (d >> UInt64(5 * i - 1)) & 0x3f
        let sign = bits >> 5
        let unsigned = (bits + 1) >> 1                 // b(5i-1) + the five bits, 0...32
        let mask = 0 &- sign
        // Negative: the value is unsigned - 32, its magnitude (32 - unsigned) = -unsigned mod 32.
        return (((unsigned ^ mask) &- mask) & 0x1f, Choice(bit: sign))
    }

    /// Branch-free binary long division of a 256-bit integer by |x|: 256 steps of
    /// shift, compare and masked subtract, whatever the value.
    private static func divideByAbsX(_ n: [UInt64]) -> (quotient: [UInt64], remainder: UInt64) {
        let d = BLSParameter.absX
        var quotient: [UInt64] = [0, 0, 0, 0]
        var remainder: UInt64 = 0
        for i in stride(from: 255, through: 0, by: -1) {
            let bit = (n[i >> 6] >> UInt64(i & 63)) & 1
            let carriedOut = remainder >> 63
            remainder = remainder << 1 | bit
            // The running value is carriedOut * 2^64 + remainder; it is >= d when a bit carried
            // out (d < 2^64) or when remainder >= d.
            let (difference, borrow) = subtractWithBorrow(remainder, d, 0)
            let takes = carriedOut | (borrow ^ 1)
            let mask = 0 &- takes
            remainder = (difference & mask) | (remainder & ~mask)
            quotient[i >> 6] |= takes << UInt64(i & 63)
        }
        return (quotient, remainder)
    }
}

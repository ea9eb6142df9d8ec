/// Constant-time scalar multiplication on G2 with the psi endomorphism (GLS).
///
/// On G2, psi acts as multiplication by x (p = x mod r), so [|x|] P = -psi(P). Writing the
/// scalar in base |x|, k = d0 + d1 |x| + d2 |x|^2 + d3 |x|^3 with every digit below |x| < 2^64
/// (possible because r < |x|^4), gives [k] P = sum of [d_i] (-psi)^i(P): four 64-bit
/// multiplications sharing one run of 64 doublings instead of 256 (Galbraith, Lin and Scott,
/// "Endomorphisms for faster elliptic curve cryptography on a large class of curves", 2009).
/// The digits come from a branch-free long division, and each table lookup scans the whole
/// table with masked selection, so time and memory access do not depend on the scalar (R5).
extension ProjectivePoint where Curve == G2Curve {
    /// `[k] self` for a secret scalar, in constant time.
    ///
    /// - Precondition: `self` is in G2 (where psi acts as [x]); signing only multiplies
    ///   hash_to_G2 outputs, which are.
    func multipliedInG2(by k: Scalar) -> G2Point {
        let digits = k.baseAbsXDigits()
        // tables[i][j] = [j] (-psi)^i (self), j = 0...15
        var base = [G2Point](repeating: .identity, count: 16)
        base[1] = self
        for j in 2..<16 { base[j] = j % 2 == 0 ? base[j / 2].doubled() : base[j - 1] + self }
        var tables = [base]
        for i in 1..<4 { tables.append(tables[i - 1].map { -$0.psi() }) }

        var result = G2Point.identity
        for shift in stride(from: 60, through: 0, by: -4) {
            result = result.doubled().doubled().doubled().doubled()
            for i in 0..<4 {
                let window = (digits[i] >> UInt64(shift)) & 0xf
                var entry = G2Point.identity
                for (j, candidate) in tables[i].enumerated() {
                    entry = .select(entry, candidate, Choice.isZero(UInt64(j) ^ window))
                }
                result = result + entry
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

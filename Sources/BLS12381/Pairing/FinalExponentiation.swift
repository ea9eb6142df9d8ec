/// The final exponentiation f -> f^(3 (p^12 - 1) / r).
///
/// Easy part: f^((p^6 - 1)(p^2 + 1)) lands in the cyclotomic subgroup, where inversion is
/// conjugation and squaring has the fast Granger-Scott form. Hard part: the decomposition of
/// Hayashida, Hayasaka and Teruya (2020), 3 (p^4 - p^2 + 1) / r = (x - 1)^2 (x + p)(x^2 + p^2 - 1) + 3.
/// The result is the cube of the reduced Tate value; cubing is a bijection on the order-r
/// subgroup (3 does not divide r), so pairing equalities and products are unaffected.
enum FinalExponentiation {
    /// g^|x| for g in the cyclotomic subgroup (public exponent; constant-time in g).
    private static func powAbsX(_ g: Fp12) -> Fp12 {
        var result = g
        // |x| = 0xd201000000010000: its top bit is 63.
        for bit in stride(from: 62, through: 0, by: -1) {
            result = result.cyclotomicSquared()
            if (BLSParameter.absX >> UInt64(bit)) & 1 == 1 { result = result * g }
        }
        return result
    }

    /// g^x with x < 0: the conjugate of g^|x|.
    private static func powX(_ g: Fp12) -> Fp12 { powAbsX(g).conjugated() }

    static func apply(_ f: Fp12) -> Fp12 {
        // Easy part: t = f^(p^6 - 1) = conj(f) / f, then t = t^(p^2 + 1).
        var t = f.conjugated() * f.inverted()
        t = t.frobenius(2) * t
        // Hard part.
        var a = powX(t) * t.conjugated()               // t^(x - 1)
        a = powX(a) * a.conjugated()                   // t^((x - 1)^2)
        let b = powX(a) * a.frobenius()                // a^(x + p)
        let c = powX(powX(b)) * b.frobenius(2) * b.conjugated()  // b^(x^2 + p^2 - 1)
        return c * t.cyclotomicSquared() * t           // * t^3
    }
}

/// The pairing as the signature scheme uses it.
enum Pairing {
    /// e(P, Q) (up to the fixed cube, see ``FinalExponentiation``). Identity inputs give one.
    static func pairing(_ p: G1Point, _ q: G2Point) -> Fp12 {
        FinalExponentiation.apply(MillerLoop.run(pairs([(p, q)])))
    }

    /// Whether the product of e(P_i, Q_i) is one: one multi-Miller loop, one final exponentiation.
    static func productIsOne(_ terms: [(G1Point, G2Point)]) -> Bool {
        FinalExponentiation.apply(MillerLoop.run(pairs(terms))).constantTimeEquals(.one).isTrue
    }

    /// Affine pairs, dropping those with an identity (their pairing value is one).
    private static func pairs(_ terms: [(G1Point, G2Point)]) -> [MillerLoop.Pair] {
        terms.compactMap { p, q in
            let a = p.toAffine(), b = q.toAffine()
            if a.isIdentity.isTrue || b.isIdentity.isTrue { return nil }
            return MillerLoop.Pair(p: (a.x, a.y), q: (b.x, b.y))
        }
    }
}

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
        finalExponentiationIsOne(millerLoop(terms))
    }

    /// The multi-Miller loop of `terms` without the final exponentiation. Products of these
    /// values from disjoint sets of terms (computed on several cores) equal the loop over the
    /// union, so one final exponentiation can finish them all.
    static func millerLoop(_ terms: [(G1Point, G2Point)]) -> Fp12 {
        MillerLoop.run(pairs(terms))
    }

    /// Whether the final exponentiation of `f` is one.
    static func finalExponentiationIsOne(_ f: Fp12) -> Bool {
        FinalExponentiation.apply(f).constantTimeEquals(.one).isTrue
    }

    /// Affine pairs, dropping those with an identity (their pairing value is one).
    ///
    /// All the Z coordinates are inverted with one field inversion (Montgomery's trick; a G2 Z
    /// through its norm z conj(z), which lies in Fp). Inputs are public, so the identity test
    /// may branch.
    private static func pairs(_ terms: [(G1Point, G2Point)]) -> [MillerLoop.Pair] {
        let live = terms.filter { !$0.0.isIdentity.isTrue && !$0.1.isIdentity.isTrue }
        // Values to invert: z_P, then norm(z_Q), for each pair.
        var values: [Fp] = []
        for (p, q) in live {
            values.append(p.z)
            values.append(q.z.c0.squared() + q.z.c1.squared())
        }
        let inverses = batchInverted(values)
        return live.enumerated().map { i, term in
            let (p, q) = term
            let zP = inverses[2 * i]
            let zQ = q.z.conjugated().times(inverses[2 * i + 1])
            return MillerLoop.Pair(p: (p.x * zP, p.y * zP), q: (q.x * zQ, q.y * zQ))
        }
    }

    /// The inverses of nonzero elements with a single inversion: prefix products, one
    /// inversion of the total, then a backward pass.
    static func batchInverted(_ values: [Fp]) -> [Fp] {
        guard !values.isEmpty else { return [] }
        var prefix = [Fp](repeating: .one, count: values.count)
        var running = Fp.one
        for (i, v) in values.enumerated() {
            prefix[i] = running
            running = running * v
        }
        var inverse = running.inverted()
        var out = [Fp](repeating: .zero, count: values.count)
        for i in values.indices.reversed() {
            out[i] = inverse * prefix[i]
            inverse = inverse * values[i]
        }
        return out
    }
}

/// The optimal ate pairing's Miller loop for BLS12-381, for several pairs at once (a multi-Miller
/// loop: the accumulator is squared once per step for all pairs, and one final exponentiation
/// follows).
///
/// The G2 point runs in Jacobian coordinates on the twist; each step yields the coefficients of
/// the line through it, evaluated at the G1 point as the sparse Fp12 element
/// `c2 + (c1 xP) v + (c0 yP) v w`. The formulas adapt Costello, Lange and Naehrig, "Faster
/// pairing computations on curves with high-degree twists" (2010), Algorithms 26 and 27.
/// Inputs are public (verification only); the loop's control flow depends only on x.
enum MillerLoop {
    /// A G2 point in Jacobian coordinates: x = X/Z^2, y = Y/Z^3.
    struct JacobianG2 {
        var x, y, z: Fp2
    }

    /// One pair of affine inputs, neither the identity.
    struct Pair {
        let p: (x: Fp, y: Fp)
        let q: (x: Fp2, y: Fp2)
    }

    /// Doubles `r` and returns the tangent line's coefficients.
    static func doublingStep(_ r: inout JacobianG2) -> (Fp2, Fp2, Fp2) {
        let tmp0 = r.x.squared()
        let tmp1 = r.y.squared()
        let tmp2 = tmp1.squared()
        var tmp3 = (tmp1 + r.x).squared() - tmp0 - tmp2
        tmp3 = tmp3.doubled()
        let tmp4 = tmp0.doubled() + tmp0
        var tmp6 = r.x + tmp4
        let tmp5 = tmp4.squared()
        let zSquared = r.z.squared()
        r.x = tmp5 - tmp3 - tmp3
        r.z = (r.z + r.y).squared() - tmp1 - zSquared
        r.y = (tmp3 - r.x) * tmp4 - tmp2.doubled().doubled().doubled()
        let c1 = -((tmp4 * zSquared).doubled())
        tmp6 = tmp6.squared() - tmp0 - tmp5 - tmp1.doubled().doubled()
        let c0 = (r.z * zSquared).doubled()
        return (c0, c1, tmp6)
    }

    /// Adds the affine `q` to `r` and returns the chord's coefficients.
    static func additionStep(_ r: inout JacobianG2, _ q: (x: Fp2, y: Fp2)) -> (Fp2, Fp2, Fp2) {
        let zSquared = r.z.squared()
        let ySquared = q.y.squared()
        let t0 = zSquared * q.x
        let t1 = ((q.y + r.z).squared() - ySquared - zSquared) * zSquared
        let t2 = t0 - r.x
        let t3 = t2.squared()
        let t4 = t3.doubled().doubled()
        let t5 = t4 * t2
        let t6 = t1 - r.y - r.y
        var t9 = t6 * q.x
        let t7 = t4 * r.x
        r.x = t6.squared() - t5 - t7 - t7
        r.z = (r.z + t2).squared() - zSquared - t3
        var t10 = q.y + r.z
        let t8 = (t7 - r.x) * t6
        r.y = t8 - (r.y * t5).doubled()
        t10 = t10.squared() - ySquared - r.z.squared()
        t9 = t9.doubled() - t10
        return (r.z.doubled(), -(t6.doubled()), t9)
    }

    /// Multiplies `f` by the line with `coefficients`, evaluated at `p`.
    static func evaluate(_ f: Fp12, _ coefficients: (Fp2, Fp2, Fp2), at p: (x: Fp, y: Fp)) -> Fp12 {
        f.timesLine(coefficients.2, coefficients.1.times(p.x), coefficients.0.times(p.y))
    }

    /// The product of the Miller loops f_{|x|, Q}(P) over all pairs, conjugated because x < 0.
    static func run(_ pairs: [Pair]) -> Fp12 {
        var f = Fp12.one
        if pairs.isEmpty { return f }
        var r = pairs.map { JacobianG2(x: $0.q.x, y: $0.q.y, z: .one) }
        let loopBits = BLSParameter.absX >> 1
        var started = false
        for bit in stride(from: 63, through: 0, by: -1) {
            let set = (loopBits >> UInt64(bit)) & 1 == 1
            if !started { started = set; continue }  // skip the leading one
            for i in pairs.indices { f = evaluate(f, doublingStep(&r[i]), at: pairs[i].p) }
            if set {
                for i in pairs.indices { f = evaluate(f, additionStep(&r[i], pairs[i].q), at: pairs[i].p) }
            }
            f = f.squared()
        }
        for i in pairs.indices { f = evaluate(f, doublingStep(&r[i]), at: pairs[i].p) }
        return f.conjugated()
    }
}

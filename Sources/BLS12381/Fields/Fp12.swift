/// The pairing's target field Fp12 = Fp6[w] / (w^2 - v): elements `c0 + c1 w`.
///
/// Constant-time throughout. The cyclotomic squaring is valid only on elements of the cyclotomic
/// subgroup (after the final exponentiation's easy part).
struct Fp12: Sendable {
    var c0: Fp6
    var c1: Fp6

    init(c0: Fp6, c1: Fp6) { self.c0 = c0; self.c1 = c1 }

    static let zero = Fp12(c0: .zero, c1: .zero)
    static let one = Fp12(c0: .one, c1: .zero)
}

extension Fp12: FieldElement {
    static func + (a: Fp12, b: Fp12) -> Fp12 { Fp12(c0: a.c0 + b.c0, c1: a.c1 + b.c1) }
    static func - (a: Fp12, b: Fp12) -> Fp12 { Fp12(c0: a.c0 - b.c0, c1: a.c1 - b.c1) }
    static prefix func - (a: Fp12) -> Fp12 { Fp12(c0: -a.c0, c1: -a.c1) }

    /// Karatsuba: three Fp6 products.
    static func * (a: Fp12, b: Fp12) -> Fp12 {
        let aa = a.c0 * b.c0
        let bb = a.c1 * b.c1
        return Fp12(c0: aa + bb.timesNonResidue(), c1: (a.c0 + a.c1) * (b.c0 + b.c1) - aa - bb)
    }

    /// Complex squaring: two Fp6 products.
    func squared() -> Fp12 {
        let ab = c0 * c1
        let c0 = (self.c0 + c1) * (self.c0 + c1.timesNonResidue()) - ab - ab.timesNonResidue()
        return Fp12(c0: c0, c1: ab.doubled())
    }

    func doubled() -> Fp12 { self + self }

    func inverted() -> Fp12 {
        let t = (c0.squared() - c1.squared().timesNonResidue()).inverted()
        return Fp12(c0: c0 * t, c1: -(c1 * t))
    }

    var isZero: Choice { c0.isZero & c1.isZero }

    func constantTimeEquals(_ other: Fp12) -> Choice {
        c0.constantTimeEquals(other.c0) & c1.constantTimeEquals(other.c1)
    }

    static func select(_ a: Fp12, _ b: Fp12, _ choice: Choice) -> Fp12 {
        Fp12(c0: .select(a.c0, b.c0, choice), c1: .select(a.c1, b.c1, choice))
    }
}

extension Fp12 {
    /// The conjugate c0 - c1 w = x^(p^6); the inverse on the cyclotomic subgroup.
    func conjugated() -> Fp12 { Fp12(c0: c0, c1: -c1) }

    /// The Frobenius map x -> x^p: w^p = w xi^((p-1)/6).
    func frobenius() -> Fp12 {
        let d = c1.frobenius()
        let g = Constants.frobeniusFp12
        return Fp12(c0: c0.frobenius(), c1: Fp6(c0: d.c0 * g, c1: d.c1 * g, c2: d.c2 * g))
    }

    /// x^(p^k) by applying the Frobenius map k times.
    func frobenius(_ k: Int) -> Fp12 {
        var r = self
        for _ in 0..<k { r = r.frobenius() }
        return r
    }

    /// Multiplication by the sparse line value `b0 + b1 v + b4 v w` (the Miller loop's lines).
    func timesLine(_ b0: Fp2, _ b1: Fp2, _ b4: Fp2) -> Fp12 {
        let aa = c0.times(b0, b1)
        let bb = c1.times(v: b4)
        let c1 = (self.c1 + c0).times(b0, b1 + b4) - aa - bb
        return Fp12(c0: aa + bb.timesNonResidue(), c1: c1)
    }

    /// Squaring in the cyclotomic subgroup (Granger & Scott 2010, "Faster squaring in the
    /// cyclotomic subgroup of sixth degree extensions"): Fp12 seen as Fp4^3 over w^3, with
    /// (z0, z1) = (c0.c0, c1.c1), (z2, z3) = (c1.c0, c0.c2), (z4, z5) = (c0.c1, c1.c2).
    func cyclotomicSquared() -> Fp12 {
        /// (a + b s)^2 in Fp4 = Fp2[s] / (s^2 - xi).
        func fp4Squared(_ a: Fp2, _ b: Fp2) -> (Fp2, Fp2) {
            let a2 = a.squared()
            let b2 = b.squared()
            return (b2.timesNonResidue() + a2, (a + b).squared() - a2 - b2)
        }
        var z0 = c0.c0, z4 = c0.c1, z3 = c0.c2
        var z2 = c1.c0, z1 = c1.c1, z5 = c1.c2
        let (a0, a1) = fp4Squared(z0, z1)
        let (b0, b1) = fp4Squared(z2, z3)
        let (d0, d1) = fp4Squared(z4, z5)
        // z_new = 3 t - 2 z for the "real" parts, 3 t + 2 z for the "imaginary" ones.
        z0 = (a0 - z0).doubled() + a0
        z1 = (a1 + z1).doubled() + a1
        z4 = (b0 - z4).doubled() + b0
        z5 = (b1 + z5).doubled() + b1
        let xiD1 = d1.timesNonResidue()
        z2 = (xiD1 + z2).doubled() + xiD1
        z3 = (d0 - z3).doubled() + d0
        return Fp12(c0: Fp6(c0: z0, c1: z4, c2: z3), c1: Fp6(c0: z2, c1: z1, c2: z5))
    }
}

/// The cubic extension Fp6 = Fp2[v] / (v^3 - xi), xi = u + 1: elements `c0 + c1 v + c2 v^2`.
///
/// Used only inside the pairing (Fp12 = Fp6[w] / (w^2 - v)). Constant-time throughout.
struct Fp6: Sendable {
    var c0: Fp2
    var c1: Fp2
    var c2: Fp2

    init(c0: Fp2, c1: Fp2, c2: Fp2) { self.c0 = c0; self.c1 = c1; self.c2 = c2 }

    static let zero = Fp6(c0: .zero, c1: .zero, c2: .zero)
    static let one = Fp6(c0: .one, c1: .zero, c2: .zero)
}

extension Fp6: FieldElement {
    static func + (a: Fp6, b: Fp6) -> Fp6 { Fp6(c0: a.c0 + b.c0, c1: a.c1 + b.c1, c2: a.c2 + b.c2) }
    static func - (a: Fp6, b: Fp6) -> Fp6 { Fp6(c0: a.c0 - b.c0, c1: a.c1 - b.c1, c2: a.c2 - b.c2) }
    static prefix func - (a: Fp6) -> Fp6 { Fp6(c0: -a.c0, c1: -a.c1, c2: -a.c2) }

    /// Karatsuba over three coefficients: six Fp2 products.
    static func * (a: Fp6, b: Fp6) -> Fp6 {
        let v0 = a.c0 * b.c0
        let v1 = a.c1 * b.c1
        let v2 = a.c2 * b.c2
        // c0 = v0 + xi((a1 + a2)(b1 + b2) - v1 - v2)
        let c0 = v0 + ((a.c1 + a.c2) * (b.c1 + b.c2) - v1 - v2).timesNonResidue()
        // c1 = (a0 + a1)(b0 + b1) - v0 - v1 + xi v2
        let c1 = (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1 + v2.timesNonResidue()
        // c2 = (a0 + a2)(b0 + b2) - v0 - v2 + v1
        let c2 = (a.c0 + a.c2) * (b.c0 + b.c2) - v0 - v2 + v1
        return Fp6(c0: c0, c1: c1, c2: c2)
    }

    /// Chung-Hasan SQR2: two squarings and three products in Fp2.
    func squared() -> Fp6 {
        let s0 = c0.squared()
        let s1 = (c0 * c1).doubled()
        let s2 = (c0 - c1 + c2).squared()
        let s3 = (c1 * c2).doubled()
        let s4 = c2.squared()
        return Fp6(c0: s0 + s3.timesNonResidue(), c1: s1 + s4.timesNonResidue(), c2: s1 + s2 + s3 - s0 - s4)
    }

    func doubled() -> Fp6 { self + self }

    func inverted() -> Fp6 {
        let t0 = c0.squared() - (c1 * c2).timesNonResidue()
        let t1 = c2.squared().timesNonResidue() - c0 * c1
        let t2 = c1.squared() - c0 * c2
        let determinant = c0 * t0 + (c2 * t1 + c1 * t2).timesNonResidue()
        let inverse = determinant.inverted()
        return Fp6(c0: t0 * inverse, c1: t1 * inverse, c2: t2 * inverse)
    }

    var isZero: Choice { c0.isZero & c1.isZero & c2.isZero }

    func constantTimeEquals(_ other: Fp6) -> Choice {
        c0.constantTimeEquals(other.c0) & c1.constantTimeEquals(other.c1) & c2.constantTimeEquals(other.c2)
    }

    static func select(_ a: Fp6, _ b: Fp6, _ choice: Choice) -> Fp6 {
        Fp6(c0: .select(a.c0, b.c0, choice), c1: .select(a.c1, b.c1, choice), c2: .select(a.c2, b.c2, choice))
    }
}

extension Fp6 {
    /// Multiplication by v: (c0 + c1 v + c2 v^2) v = xi c2 + c0 v + c1 v^2.
    func timesNonResidue() -> Fp6 { Fp6(c0: c2.timesNonResidue(), c1: c0, c2: c1) }

    /// Multiplication by the sparse element `b0 + b1 v`.
    func times(_ b0: Fp2, _ b1: Fp2) -> Fp6 {
        let v0 = c0 * b0
        let v1 = c1 * b1
        return Fp6(
            c0: (c2 * b1).timesNonResidue() + v0,
            c1: (b0 + b1) * (c0 + c1) - v0 - v1,
            c2: c2 * b0 + v1)
    }

    /// Multiplication by the sparse element `b1 v`.
    func times(v b1: Fp2) -> Fp6 {
        Fp6(c0: (c2 * b1).timesNonResidue(), c1: c0 * b1, c2: c1 * b1)
    }

    /// The Frobenius map x -> x^p: conjugate each coefficient, then v^p = v xi^((p-1)/3).
    func frobenius() -> Fp6 {
        Fp6(c0: c0.conjugated(),
            c1: c1.conjugated() * Constants.frobeniusFp6C1,
            c2: c2.conjugated() * Constants.frobeniusFp6C2)
    }
}

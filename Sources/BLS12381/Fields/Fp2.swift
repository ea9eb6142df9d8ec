import CBLS12381Field

/// The quadratic extension Fp2 = Fp[u] / (u^2 + 1): elements `c0 + c1 * u`.
///
/// G2, the twist E2: y^2 = x^3 + 4(u + 1), is defined over this field. Constant-time throughout.
struct Fp2: Sendable {
    var c0: Fp
    var c1: Fp

    init(c0: Fp, c1: Fp) { self.c0 = c0; self.c1 = c1 }

    static let zero = Fp2(c0: .zero, c1: .zero)
    static let one = Fp2(c0: .one, c1: .zero)
}

extension Fp2: LimbArray {
    /// Both coefficients in one C call (`ek_fp2_add`). Constant-time.
    @inline(__always)
    static func + (a: Fp2, b: Fp2) -> Fp2 { kernelSum(a, b) }

    /// Both coefficients in one C call (`ek_fp2_sub`). Constant-time.
    @inline(__always)
    static func - (a: Fp2, b: Fp2) -> Fp2 { kernelDifference(a, b) }

    @inline(never)
    static func kernelSum(_ a: Fp2, _ b: Fp2) -> Fp2 { applying(ek_fp2_add, a, b) }

    @inline(never)
    static func kernelDifference(_ a: Fp2, _ b: Fp2) -> Fp2 { applying(ek_fp2_sub, a, b) }

    static prefix func - (a: Fp2) -> Fp2 { Fp2(c0: -a.c0, c1: -a.c1) }

    /// Karatsuba with lazy reduction (`ek_fp2_mul` in `CBLS12381Field`): three double-width Fp
    /// products and two Montgomery reductions. Constant-time.
    @inline(__always)
    static func * (a: Fp2, b: Fp2) -> Fp2 { lazyMultiply(a, b) }

    /// The product through the C kernel: one shared copy, the kernel inlined into it.
    @inline(never)
    static func lazyMultiply(_ a: Fp2, _ b: Fp2) -> Fp2 { applying(ek_fp2_mul, a, b) }

    /// Karatsuba with three (fully reduced) Fp products: the reference the tests compare
    /// ``lazyMultiply(_:_:)`` with.
    static func karatsubaMultiply(_ a: Fp2, _ b: Fp2) -> Fp2 {
        let v0 = a.c0 * b.c0
        let v1 = a.c1 * b.c1
        // (a0 + a1 u)(b0 + b1 u) = (a0 b0 - a1 b1) + ((a0 + a1)(b0 + b1) - a0 b0 - a1 b1) u
        return Fp2(c0: v0 - v1, c1: (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1)
    }

    /// Complex squaring with lazy reduction (`ek_fp2_sqr` in `CBLS12381Field`):
    /// (a0 + a1 u)^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 u, two double-width products and two
    /// reductions. Constant-time.
    @inline(__always)
    func squared() -> Fp2 { Self.lazySquare(self) }

    /// The square through the C kernel: one shared copy, the kernel inlined into it.
    @inline(never)
    static func lazySquare(_ a: Fp2) -> Fp2 { applying({ r, a, _ in ek_fp2_sqr(r, a) }, a, a) }

    /// Complex squaring with two (fully reduced) Fp products: the reference the tests compare
    /// ``lazySquare(_:)`` with.
    func complexSquared() -> Fp2 {
        Fp2(c0: (c0 + c1) * (c0 - c1), c1: (c0 * c1).doubled())
    }

    func doubled() -> Fp2 { self + self }

    /// (a0 - a1 u) / (a0^2 + a1^2); zero maps to zero.
    func inverted() -> Fp2 {
        let t = (c0.squared() + c1.squared()).inverted()
        return Fp2(c0: c0 * t, c1: -(c1 * t))
    }

    var isZero: Choice { c0.isZero & c1.isZero }

    func constantTimeEquals(_ other: Fp2) -> Choice {
        c0.constantTimeEquals(other.c0) & c1.constantTimeEquals(other.c1)
    }

    static func select(_ a: Fp2, _ b: Fp2, _ choice: Choice) -> Fp2 {
        Fp2(c0: .select(a.c0, b.c0, choice), c1: .select(a.c1, b.c1, choice))
    }
}

extension Fp2 {
    /// Multiplication by the non-residue xi = u + 1 that defines Fp6:
    /// (a0 + a1 u)(1 + u) = (a0 - a1) + (a0 + a1) u.
    func timesNonResidue() -> Fp2 { Fp2(c0: c0 - c1, c1: c0 + c1) }

    /// The conjugate a0 - a1 u, which is also the Frobenius map x -> x^p.
    func conjugated() -> Fp2 { Fp2(c0: c0, c1: -c1) }

    /// Multiplication by an element of the base field.
    func times(_ k: Fp) -> Fp2 { Fp2(c0: c0 * k, c1: c1 * k) }

    /// sgn0 (RFC 9380 section 4.1, m = 2): sign of c0, or of c1 when c0 is zero.
    var sgn0: Choice {
        let sign0 = c0.sgn0
        return sign0 | (c0.isZero & c1.sgn0)
    }

    /// The ZCash encoding's sign of y: compare c1, or c0 when c1 is zero.
    var isLexicographicallyLargest: Choice {
        c1.isLexicographicallyLargest | (c1.isZero & c0.isLexicographicallyLargest)
    }

    /// A square root and whether `self` is a square, through the norm: three exponentiations in Fp
    /// instead of two in Fp2 (Scott, "Implementing cryptographic pairings", section 3.3, with the
    /// inverse square root shared: z = t^((p-3)/4) gives sqrt(t) = z t and 1/sqrt(t) = z).
    ///
    /// For a = a0 + a1 u: n = a0^2 + a1^2 must be a square s^2 in Fp; then one of
    /// t = (a0 +- s) / 2 is a square, x0 = sqrt(t), x1 = a1 / (2 x0), and (x0 + x1 u)^2 = a.
    ///
    /// - Warning: variable-time: it branches on squareness, which depends on `self`. Only for
    ///   public values (decoding points); hash-to-curve uses the constant-time
    ///   ``SimplifiedSWU/sqrtRatio(_:_:)``.
    func squareRootVartime() -> (root: Fp2, isSquare: Bool) {
        let root: Fp2
        if c1.isZero.isTrue {
            // a = a0: sqrt(a0) when a0 is a square in Fp, else sqrt(-a0) u (-1 is not a square).
            let (r0, isSquare) = c0.squareRoot()
            root = isSquare.isTrue ? Fp2(c0: r0, c1: .zero) : Fp2(c0: .zero, c1: (-c0).squareRoot().root)
        } else {
            let (s, normIsSquare) = (c0.squared() + c1.squared()).squareRoot()
            guard normIsSquare.isTrue else { return (.zero, false) }
            let half = Fp2.half
            var t = (c0 + s) * half
            var z = t.powVartime(Constants.pMinus3Div4)      // 1/sqrt(t) when t is a square
            if !(z.squared() * t).constantTimeEquals(.one).isTrue {
                t = (c0 - s) * half
                z = t.powVartime(Constants.pMinus3Div4)
            }
            root = Fp2(c0: z * t, c1: c1 * z * half)         // x1 = a1 / (2 x0) = a1 z / 2
        }
        return (root, root.squared().constantTimeEquals(self).isTrue)
    }

    /// 1/2 in Fp.
    private static let half = Fp(2).inverted()
}

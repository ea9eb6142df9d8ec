import CBLS12381Field

/// The base field of BLS12-381: integers modulo
/// p = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab.
///
/// Six 64-bit limbs, least significant first, in Montgomery form: the element `a` is stored as
/// `a * R mod p` with `R = 2^384`, always fully reduced (< p). Every operation is constant-time:
/// carries are arithmetic, reductions are masked selections (R4, R5).
struct Fp: Sendable {
    var l0, l1, l2, l3, l4, l5: UInt64

    @inline(__always)
    init(l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64, l4: UInt64, l5: UInt64) {
        (self.l0, self.l1, self.l2, self.l3, self.l4, self.l5) = (l0, l1, l2, l3, l4, l5)
    }

    /// The limbs of p, least significant first.
    static let p0: UInt64 = 0xb9fe_ffff_ffff_aaab, p1: UInt64 = 0x1eab_fffe_b153_ffff
    static let p2: UInt64 = 0x6730_d2a0_f6b0_f624, p3: UInt64 = 0x6477_4b84_f385_12bf
    static let p4: UInt64 = 0x4b1b_a7b6_434b_acd7, p5: UInt64 = 0x1a01_11ea_397f_e69a

    static let zero = Fp(l0: 0, l1: 0, l2: 0, l3: 0, l4: 0, l5: 0)
    /// R mod p: one in Montgomery form.
    static let one = Fp(
        l0: 0x7609_0000_0002_fffd, l1: 0xebf4_000b_c40c_0002, l2: 0x5f48_9857_53c7_58ba,
        l3: 0x77ce_5853_7052_5745, l4: 0x5c07_1a97_a256_ec6d, l5: 0x15f6_5ec3_fa80_e493)

    /// `value mod p` for a small integer.
    init(_ value: UInt64) {
        self = Fp(l0: value, l1: 0, l2: 0, l3: 0, l4: 0, l5: 0) * Constants.rSquared
    }
}

// MARK: - Carry helpers

// MARK: - Montgomery product through the C kernels

/// A `CBLS12381Field` kernel as Swift imports it: `r = f(a, b)` on limb arrays (6 limbs for Fp, 12
/// for Fp2), `r` written, `a` and `b` read.
typealias LimbKernel = (UnsafeMutablePointer<UInt64>?, UnsafePointer<UInt64>?, UnsafePointer<UInt64>?) -> Void

/// A field element stored as nothing but `UInt64` limbs, least significant first (Fp: 6; Fp2: 12,
/// c0 then c1), so that its bytes are the C kernels' `uint64_t` array (checked by `CKernelTests`).
protocol LimbArray: FieldElement {}

extension LimbArray {
    /// The limbs of `value` as a C `uint64_t` array.
    @inline(__always)
    static func withLimbs<R>(_ value: inout Self, _ body: (UnsafeMutablePointer<UInt64>) -> R) -> R {
        withUnsafeMutableBytes(of: &value) { body($0.baseAddress!.assumingMemoryBound(to: UInt64.self)) }
    }

    /// `kernel(r, a, b)` on the limbs of `a` and `b`, returning `r`. Inlined into its callers,
    /// so that each of them calls its C kernel directly (and Clang inlines it there).
    @inline(__always)
    static func applying(_ kernel: LimbKernel, _ a: Self, _ b: Self) -> Self {
        var a = a, b = b, r = Self.zero
        withLimbs(&r) { r in withLimbs(&a) { a in withLimbs(&b) { b in kernel(r, a, b) } } }
        return r
    }
}

extension Fp: LimbArray {}

extension Fp {
    /// Montgomery product `a * b * R^-1 mod p` through `CBLS12381Field` (`ek_fp_mul`: mulx/adcx/adox
    /// when the CPU has BMI2 and ADX, portable `__int128` C otherwise). Constant-time in `a` and `b`.
    ///
    /// One shared copy (`@inline(never)`): the kernel is inlined into it through the Clang
    /// importer, and callers pay one direct call rather than growing every tower function.
    @inline(never)
    static func montgomeryMultiply(_ a: Fp, _ b: Fp) -> Fp { applying(ek_fp_mul, a, b) }

    /// Montgomery square `a^2 R^-1 mod p` (`ek_fp_sqr`). Constant-time in `a`.
    @inline(never)
    static func montgomerySquare(_ a: Fp) -> Fp { applying({ r, a, _ in ek_fp_sqr(r, a) }, a, a) }

}

// MARK: - Carry helpers (continued)

/// `a + b + carry`, returning the sum and the carry out (0 or 1).
@inline(__always)
func addWithCarry(_ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
    let sum = UInt128(a) &+ UInt128(b) &+ UInt128(carry)  // < 2^65: cannot overflow 128 bits
    return (UInt64(truncatingIfNeeded: sum), UInt64(truncatingIfNeeded: sum >> 64))
}

/// `a - b - borrow`, returning the difference and the borrow out (0 or 1).
@inline(__always)
func subtractWithBorrow(_ a: UInt64, _ b: UInt64, _ borrow: UInt64) -> (UInt64, UInt64) {
    let diff = UInt128(a) &- UInt128(b) &- UInt128(borrow)  // wraps exactly when a < b + borrow
    return (UInt64(truncatingIfNeeded: diff), UInt64(truncatingIfNeeded: diff >> 64) & 1)
}

// MARK: - Arithmetic

extension Fp: FieldElement {
    /// Subtracts p once if `self >= p`. Valid for any value below 2p.
    @inline(__always)
    func subtractingModulusIfNeeded() -> Fp {
        var borrow: UInt64 = 0
        let (d0, b0) = subtractWithBorrow(l0, Fp.p0, borrow); borrow = b0
        let (d1, b1) = subtractWithBorrow(l1, Fp.p1, borrow); borrow = b1
        let (d2, b2) = subtractWithBorrow(l2, Fp.p2, borrow); borrow = b2
        let (d3, b3) = subtractWithBorrow(l3, Fp.p3, borrow); borrow = b3
        let (d4, b4) = subtractWithBorrow(l4, Fp.p4, borrow); borrow = b4
        let (d5, b5) = subtractWithBorrow(l5, Fp.p5, borrow); borrow = b5
        // A borrow means self < p: keep self.
        let keep = Choice(bit: borrow)
        return Fp(
            l0: keep.select(d0, l0), l1: keep.select(d1, l1), l2: keep.select(d2, l2),
            l3: keep.select(d3, l3), l4: keep.select(d4, l4), l5: keep.select(d5, l5))
    }

    /// `a + b mod p` through the C kernel (`ek_fp_add`). Constant-time.
    @inline(__always)
    static func + (a: Fp, b: Fp) -> Fp { kernelSum(a, b) }

    /// `a - b mod p` through the C kernel (`ek_fp_sub`). Constant-time.
    @inline(__always)
    static func - (a: Fp, b: Fp) -> Fp { kernelDifference(a, b) }

    /// The sum through `ek_fp_add`: one shared copy, the kernel inlined into it.
    @inline(never)
    static func kernelSum(_ a: Fp, _ b: Fp) -> Fp { applying(ek_fp_add, a, b) }

    /// The difference through `ek_fp_sub`: one shared copy, the kernel inlined into it.
    @inline(never)
    static func kernelDifference(_ a: Fp, _ b: Fp) -> Fp { applying(ek_fp_sub, a, b) }

    /// `a + b mod p` in Swift: the reference the tests compare ``kernelSum(_:_:)`` with.
    static func sumSwift(_ a: Fp, _ b: Fp) -> Fp {
        // a + b < 2p < 2^382: no carry out of the top limb.
        let (s0, c0) = addWithCarry(a.l0, b.l0, 0)
        let (s1, c1) = addWithCarry(a.l1, b.l1, c0)
        let (s2, c2) = addWithCarry(a.l2, b.l2, c1)
        let (s3, c3) = addWithCarry(a.l3, b.l3, c2)
        let (s4, c4) = addWithCarry(a.l4, b.l4, c3)
        let (s5, _) = addWithCarry(a.l5, b.l5, c4)
        return Fp(l0: s0, l1: s1, l2: s2, l3: s3, l4: s4, l5: s5).subtractingModulusIfNeeded()
    }

    /// `a - b mod p` in Swift: the reference the tests compare ``kernelDifference(_:_:)`` with.
    static func differenceSwift(_ a: Fp, _ b: Fp) -> Fp {
        let (d0, b0) = subtractWithBorrow(a.l0, b.l0, 0)
        let (d1, b1) = subtractWithBorrow(a.l1, b.l1, b0)
        let (d2, b2) = subtractWithBorrow(a.l2, b.l2, b1)
        let (d3, b3) = subtractWithBorrow(a.l3, b.l3, b2)
        let (d4, b4) = subtractWithBorrow(a.l4, b.l4, b3)
        let (d5, b5) = subtractWithBorrow(a.l5, b.l5, b4)
        // On a borrow, add p back (masked, not branched).
        let mask = 0 &- b5
        let (r0, c0) = addWithCarry(d0, Fp.p0 & mask, 0)
        let (r1, c1) = addWithCarry(d1, Fp.p1 & mask, c0)
        let (r2, c2) = addWithCarry(d2, Fp.p2 & mask, c1)
        let (r3, c3) = addWithCarry(d3, Fp.p3 & mask, c2)
        let (r4, c4) = addWithCarry(d4, Fp.p4 & mask, c3)
        let (r5, _) = addWithCarry(d5, Fp.p5 & mask, c4)
        return Fp(l0: r0, l1: r1, l2: r2, l3: r3, l4: r4, l5: r5)
    }

    static prefix func - (a: Fp) -> Fp {
        // p - a, masked to zero when a is zero (p itself is not a reduced value).
        let (d0, b0) = subtractWithBorrow(Fp.p0, a.l0, 0)
        let (d1, b1) = subtractWithBorrow(Fp.p1, a.l1, b0)
        let (d2, b2) = subtractWithBorrow(Fp.p2, a.l2, b1)
        let (d3, b3) = subtractWithBorrow(Fp.p3, a.l3, b2)
        let (d4, b4) = subtractWithBorrow(Fp.p4, a.l4, b3)
        let (d5, _) = subtractWithBorrow(Fp.p5, a.l5, b4)
        let nonZero = (!a.isZero).mask
        return Fp(l0: d0 & nonZero, l1: d1 & nonZero, l2: d2 & nonZero,
                  l3: d3 & nonZero, l4: d4 & nonZero, l5: d5 & nonZero)
    }

    @inline(__always)
    static func * (a: Fp, b: Fp) -> Fp { montgomeryMultiply(a, b) }

    @inline(__always)
    func squared() -> Fp { Fp.montgomerySquare(self) }

    func doubled() -> Fp { self + self }

    /// Inversion by Fermat's little theorem, `self^(p-2)`: constant-time, zero maps to zero.
    func inverted() -> Fp { powVartime(Constants.pMinus2) }

    @inline(__always)
    var isZero: Choice { Choice.isZero(l0 | l1 | l2 | l3 | l4 | l5) }

    @inline(__always)
    func constantTimeEquals(_ other: Fp) -> Choice {
        Choice.isZero((l0 ^ other.l0) | (l1 ^ other.l1) | (l2 ^ other.l2)
                      | (l3 ^ other.l3) | (l4 ^ other.l4) | (l5 ^ other.l5))
    }

    @inline(__always)
    static func select(_ a: Fp, _ b: Fp, _ choice: Choice) -> Fp {
        Fp(l0: choice.select(a.l0, b.l0), l1: choice.select(a.l1, b.l1), l2: choice.select(a.l2, b.l2),
           l3: choice.select(a.l3, b.l3), l4: choice.select(a.l4, b.l4), l5: choice.select(a.l5, b.l5))
    }

    /// Multiplies by a small constant by repeated doubling and addition (used for curve constants).
    func timesFour() -> Fp { doubled().doubled() }
}

// MARK: - Square root

extension Fp {
    /// The square root `self^((p+1)/4)` (p = 3 mod 4), and whether `self` is a square.
    /// Constant-time; when `self` is not a square the returned root is meaningless.
    func squareRoot() -> (root: Fp, isSquare: Choice) {
        let root = powVartime(Constants.pPlus1Div4)
        return (root, root.squared().constantTimeEquals(self))
    }
}

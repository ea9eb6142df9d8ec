@testable import BLS12381
import Testing

/// The GLS multiplication on G2 and the base-|x| scalar decomposition it relies on.
@Suite struct EndomorphismTests {
    /// r - 1 and other edge scalars, plus random ones.
    private static let edgeScalars: [Scalar] = [
        Scalar(l0: 1, l1: 0, l2: 0, l3: 0),
        Scalar(l0: Scalar.r0 - 1, l1: Scalar.r1, l2: Scalar.r2, l3: Scalar.r3),
        Scalar(l0: BLSParameter.absX - 1, l1: 0, l2: 0, l3: 0),
        Scalar(l0: 0, l1: 1, l2: 0, l3: 0),
        Scalar(l0: ~0, l1: ~0, l2: ~0, l3: 0x3fff_ffff_ffff_ffff),
    ]

    @Test func psiActsAsXOnG2() {
        let p = G2Curve.generator.multipliedVartime(by: [0x1234_5678_9abc])
        #expect(p.psi().constantTimeEquals(-p.multipliedByAbsXVartime()).isTrue)
    }

    @Test func digitsRecomposeTheScalar() {
        var rng = SystemRandomNumberGenerator()
        let randoms = (0..<64).map { _ in Scalar(l0: rng.next(), l1: rng.next(), l2: rng.next(), l3: rng.next() >> 2) }
        for k in Self.edgeScalars + randoms {
            let d = k.baseAbsXDigits()
            #expect(d.allSatisfy { $0 < BLSParameter.absX })
            // Horner: ((d3 |x| + d2) |x| + d1) |x| + d0, in 320-bit arithmetic.
            var acc: [UInt64] = [d[3], 0, 0, 0, 0]
            for digit in [d[2], d[1], d[0]] {
                var carry: UInt64 = 0
                for i in 0..<5 {
                    let product = UInt128(acc[i]) * UInt128(BLSParameter.absX) + UInt128(carry)
                    acc[i] = UInt64(truncatingIfNeeded: product)
                    carry = UInt64(truncatingIfNeeded: product >> 64)
                }
                var c = digit
                for i in 0..<5 where c != 0 {
                    let (s, o) = acc[i].addingReportingOverflow(c)
                    acc[i] = s
                    c = o ? 1 : 0
                }
            }
            #expect(acc == [k.l0, k.l1, k.l2, k.l3, 0])
        }
    }

    @Test func glsMultiplicationOfTheIdentityAndByZero() {
        let h = HashToG2.hash(Array("GLS".utf8), dst: BLS.ciphersuite)
        #expect(h.multipliedInG2(by: Scalar(l0: 0, l1: 0, l2: 0, l3: 0)).isIdentity.isTrue)
        #expect(G2Point.identity.multipliedInG2(by: Self.edgeScalars[1]).isIdentity.isTrue)
        // (0 : -1 : 0), the negated identity the signed windows produce, is still the identity.
        #expect((h + -G2Point.identity).constantTimeEquals(h).isTrue)
    }

    @Test func signedWindowsRecomposeTheDigit() {
        var rng = SystemRandomNumberGenerator()
        let digits: [UInt64] = [0, 1, 15, 16, 17, 31, 32, BLSParameter.absX - 1, ~0, 1 << 63, 0x8421_0842_1084_2108]
            + (0..<1_000).map { _ in rng.next() }
        for d in digits {
            var sum: Int128 = 0
            for i in 0..<Scalar.signedWindowCount {
                let (magnitude, isNegative) = Scalar.signedWindow(of: d, at: i)
                #expect(magnitude <= 16)
                let value = isNegative.isTrue ? -Int128(magnitude) : Int128(magnitude)
                sum += value << (5 * i)
            }
            #expect(sum == Int128(d), "signed windows of \(d)")
        }
    }

    @Test func glsMultiplicationMatchesDoubleAndAdd() {
        var rng = SystemRandomNumberGenerator()
        let h = HashToG2.hash(Array("GLS".utf8), dst: BLS.ciphersuite)
        let randoms = (0..<8).map { _ in Scalar(l0: rng.next(), l1: rng.next(), l2: rng.next(), l3: rng.next() >> 2) }
        for k in Self.edgeScalars + randoms {
            let expected = h.multipliedVartime(by: [k.l0, k.l1, k.l2, k.l3])
            #expect(h.multipliedInG2(by: k).constantTimeEquals(expected).isTrue)
        }
    }
}

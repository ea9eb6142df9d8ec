import TestSupport
@testable import BLS12381
import Testing

/// Algebraic laws of the field tower and the groups, on random elements.
@Suite struct PropertyTests {
    /// Seeded (printed; `ETHERKEEP_TEST_SEED` replays a run).
    private var rng: TestRNG

    init() throws {
        rng = TestSeed.rng(try TestSeed.value(), for: "BLS12381Tests.PropertyTests")
    }

    private mutating func fp() -> Fp {
        // Reduce 64 random bytes: uniform enough, and exercises the wide reduction.
        let bytes = (0..<64).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return bytes.withUnsafeBytes { Fp.fromBigEndianWide($0) }
    }
    private mutating func fp2() -> Fp2 { Fp2(c0: fp(), c1: fp()) }
    private mutating func fp6() -> Fp6 { Fp6(c0: fp2(), c1: fp2(), c2: fp2()) }
    private mutating func fp12() -> Fp12 { Fp12(c0: fp6(), c1: fp6()) }

    private func checkFieldLaws<F: FieldElement>(_ a: F, _ b: F, _ c: F) {
        #expect(((a + b) + c).constantTimeEquals(a + (b + c)).isTrue)
        #expect((a + b).constantTimeEquals(b + a).isTrue)
        #expect(((a * b) * c).constantTimeEquals(a * (b * c)).isTrue)
        #expect((a * b).constantTimeEquals(b * a).isTrue)
        #expect((a * (b + c)).constantTimeEquals(a * b + a * c).isTrue)
        #expect((a - b).constantTimeEquals(a + (-b)).isTrue)
        #expect((a + .zero).constantTimeEquals(a).isTrue && (a * .one).constantTimeEquals(a).isTrue)
        #expect((a - a).isZero.isTrue)
        #expect(a.squared().constantTimeEquals(a * a).isTrue)
        #expect(a.doubled().constantTimeEquals(a + a).isTrue)
        #expect((a * a.inverted()).constantTimeEquals(.one).isTrue)
        #expect(F.zero.inverted().isZero.isTrue)
        #expect(F.select(a, b, .false).constantTimeEquals(a).isTrue && F.select(a, b, .true).constantTimeEquals(b).isTrue)
    }

    @Test mutating func fieldLaws() {
        for _ in 0..<20 {
            checkFieldLaws(fp(), fp(), fp())
            checkFieldLaws(fp2(), fp2(), fp2())
        }
        for _ in 0..<5 {
            checkFieldLaws(fp6(), fp6(), fp6())
            checkFieldLaws(fp12(), fp12(), fp12())
        }
    }

    @Test mutating func frobeniusIsTheFieldAutomorphism() {
        for _ in 0..<3 {
            let a = fp12(), b = fp12()
            #expect((a * b).frobenius().constantTimeEquals(a.frobenius() * b.frobenius()).isTrue)
            #expect(a.frobenius(12).constantTimeEquals(a).isTrue)
            let x = fp2()
            #expect(x.powVartime(PublicExponent([Fp.p0, Fp.p1, Fp.p2, Fp.p3, Fp.p4, Fp.p5])).constantTimeEquals(x.conjugated()).isTrue)
        }
    }

    /// Square-and-multiply, one bit at a time: the reference for the sliding windows.
    private func binaryPower<F: FieldElement>(_ x: F, _ exponent: [UInt64]) -> F {
        var result = F.one
        for limb in exponent.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result.squared()
                if (limb >> UInt64(bit)) & 1 == 1 { result = result * x }
            }
        }
        return result
    }

    @Test mutating func slidingWindowExponentiationMatchesSquareAndMultiply() {
        var exponents: [[UInt64]] = [[0], [1], [2], [31], [32], [~0], [0, 1], [~0, ~0, ~0], [1 << 63, 0, 1],
                                     Constants.pMinus2.limbs, Constants.pPlus1Div4.limbs, Constants.sqrtRatioC3High.limbs]
        for length in 1...6 { exponents.append((0..<length).map { _ in UInt64.random(in: 0...UInt64.max, using: &rng) }) }
        // Sparse exponents: long runs of zeros between the windows.
        exponents.append([0x8000_0000_0000_0001, 0, 0x0000_0100_0000_0000])
        for exponent in exponents {
            var sum = [UInt64](repeating: 0, count: exponent.count + 1)
            for (position, digit) in PublicExponent(exponent).windows {
                #expect(digit & 1 == 1 && digit < 1 << PublicExponent.windowWidth, "window \(digit) at \(position)")
                // sum += digit << position (digit < 2^5, so it spans at most two limbs)
                var carry = UInt64(digit) << UInt64(position & 63)
                var high = position & 63 == 0 ? 0 : UInt64(digit) >> UInt64(64 - position & 63)
                var i = position >> 6
                while carry != 0 || high != 0 {
                    let (s, o) = sum[i].addingReportingOverflow(carry)
                    sum[i] = s
                    carry = high &+ (o ? 1 : 0)
                    high = 0
                    i += 1
                }
            }
            #expect(Array(sum.prefix(exponent.count)) == exponent && sum[exponent.count] == 0, "windows of \(exponent)")
            let x = fp(), y = fp2()
            #expect(x.powVartime(PublicExponent(exponent)).constantTimeEquals(binaryPower(x, exponent)).isTrue, "Fp power \(exponent)")
            #expect(y.powVartime(PublicExponent(exponent)).constantTimeEquals(binaryPower(y, exponent)).isTrue, "Fp2 power \(exponent)")
            let z = fp2(), other = Array(exponent.reversed())
            let product = Fp2.productOfPowersVartime([(Fp2.oddPowers(of: y), PublicExponent(exponent)), (Fp2.oddPowers(of: z), PublicExponent(other))])
            #expect(product.constantTimeEquals(binaryPower(y, exponent) * binaryPower(z, other)).isTrue, "product \(exponent)")
        }
    }

    @Test mutating func kernelSumAndDifferenceMatchTheSwiftReference() {
        let p1 = Fp.zero - Fp.one  // p - 1
        let edges = [Fp.zero, Fp.one, p1, p1 - Fp.one, Fp(2), Constants.rSquared]
        var cases: [(Fp, Fp)] = []
        for a in edges { for b in edges { cases.append((a, b)) } }
        for _ in 0..<5_000 { cases.append((fp(), fp())) }
        for (a, b) in cases {
            #expect(Fp.kernelSum(a, b).constantTimeEquals(Fp.sumSwift(a, b)).isTrue)
            #expect(Fp.kernelDifference(a, b).constantTimeEquals(Fp.differenceSwift(a, b)).isTrue)
            let x = Fp2(c0: a, c1: b), y = Fp2(c0: b, c1: a)
            let sum = x + y, difference = x - y
            #expect(sum.c0.constantTimeEquals(Fp.sumSwift(a, b)).isTrue && sum.c1.constantTimeEquals(Fp.sumSwift(b, a)).isTrue)
            #expect(difference.c0.constantTimeEquals(Fp.differenceSwift(a, b)).isTrue
                    && difference.c1.constantTimeEquals(Fp.differenceSwift(b, a)).isTrue)
        }
        // Results are reduced: p - 1 + p - 1 = p - 2, 0 - 1 = p - 1.
        #expect(Fp.kernelSum(p1, p1).constantTimeEquals(p1 - Fp.one).isTrue)
        #expect(Fp.kernelDifference(.zero, .one).constantTimeEquals(p1).isTrue)
        #expect(Fp.differenceSwift(.zero, .one).constantTimeEquals(p1).isTrue && Fp.sumSwift(p1, .one).isZero.isTrue)
    }

    @Test mutating func cyclotomicSquaringMatchesSquaringInTheCyclotomicSubgroup() {
        for _ in 0..<3 {
            let f = fp12()
            var t = f.conjugated() * f.inverted()
            t = t.frobenius(2) * t  // now in the cyclotomic subgroup
            #expect(t.cyclotomicSquared().constantTimeEquals(t.squared()).isTrue)
        }
    }

    @Test mutating func squareRoots() {
        for _ in 0..<20 {
            let a = fp(), b = fp2()
            let (ra, oka) = a.squared().squareRoot()
            #expect(oka.isTrue && ra.squared().constantTimeEquals(a.squared()).isTrue)
            let (rb, okb) = b.squared().squareRootVartime()
            #expect(okb && rb.squared().constantTimeEquals(b.squared()).isTrue)
            // A non-square in Fp2: Z of the SSWU map is one (RFC 9380 requires it).
            #expect(!Constants.sswuZ.squareRootVartime().isSquare)
            // sqrt_ratio: u/v square → root^2 v == u; otherwise root^2 v == Z u.
            let u = fp2(), v = fp2()
            let (isQR, root) = SimplifiedSWU.sqrtRatio(u, v)
            let expected = isQR.isTrue ? u : Constants.sswuZ * u
            #expect((root.squared() * v).constantTimeEquals(expected).isTrue)
        }
        // A non-square in Fp: -1 (p = 3 mod 4).
        #expect(!(-Fp.one).squareRoot().isSquare.isTrue)
    }

    @Test mutating func groupLaws() {
        func scalar() -> [UInt64] { [UInt64.random(in: 1...UInt64.max, using: &rng), UInt64.random(in: 0...UInt64.max, using: &rng)] }
        for _ in 0..<3 {
            let (a, b, c) = (scalar(), scalar(), scalar())
            let P = G1Curve.generator.multipliedVartime(by: a), Q = G1Curve.generator.multipliedVartime(by: b)
            let R = G1Curve.generator.multipliedVartime(by: c)
            #expect(((P + Q) + R).constantTimeEquals(P + (Q + R)).isTrue)
            #expect((P + Q).constantTimeEquals(Q + P).isTrue)
            #expect((P + .identity).constantTimeEquals(P).isTrue && (P - P).isIdentity.isTrue)
            #expect((P + P).constantTimeEquals(P.doubled()).isTrue)
            let S = G2Curve.generator.multipliedVartime(by: a), T = G2Curve.generator.multipliedVartime(by: b)
            let U = G2Curve.generator.multipliedVartime(by: c)
            #expect(((S + T) + U).constantTimeEquals(S + (T + U)).isTrue)
            #expect((S + T).constantTimeEquals(T + S).isTrue)
            #expect((S - S).isIdentity.isTrue && S.isOnCurve.isTrue && S.isInSubgroupVartime)
            // [a + b] G = [a] G + [b] G, with a + b computed on two limbs (no overflow: top limb random < 2^64 - 1 most times).
            let (low, carry) = a[0].addingReportingOverflow(b[0])
            let (high, overflow) = a[1].addingReportingOverflow(b[1] &+ (carry ? 1 : 0))
            if !overflow {
                #expect(G1Curve.generator.multipliedVartime(by: [low, high]).constantTimeEquals(P + Q).isTrue)
            }
        }
    }

    @Test func encodingsRoundTripAndRejectBadFlags() throws {
        let p = G1Curve.generator.multipliedVartime(by: [0xdead_beef])
        let q = G2Curve.generator.multipliedVartime(by: [0xdead_beef])
        for compressed in [true, false] {
            #expect(try G1Point(encoded: p.encoded(compressed: compressed)).constantTimeEquals(p).isTrue)
            #expect(try G2Point(encoded: q.encoded(compressed: compressed)).constantTimeEquals(q).isTrue)
            #expect(try G1Point(encoded: G1Point.identity.encoded(compressed: compressed)).isIdentity.isTrue)
            #expect(try G2Point(encoded: G2Point.identity.encoded(compressed: compressed)).isIdentity.isTrue)
        }
        var uncompressed = p.encoded(compressed: false)
        uncompressed[0] |= PointEncoding.signFlag
        #expect(throws: BLSError(.invalidEncoding, "")) { try G1Point(encoded: uncompressed) }
        var wrongY = p.encoded(compressed: false)
        wrongY[95] ^= 1
        #expect(throws: BLSError(.notOnCurve, "")) { try G1Point(encoded: wrongY) }
        var noFlag = p.encoded()
        noFlag[0] &= 0x7f
        #expect(throws: BLSError(.invalidEncoding, "")) { try G1Point(encoded: noFlag) }
        #expect(throws: BLSError(.identityPublicKey, "")) { try PublicKey(bytes: G1Point.identity.encoded()) }
        #expect(throws: BLSError(.invalidSecretKey, "")) { try SecretKey(bytes: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: BLSError(.invalidSecretKey, "")) { try SecretKey(bytes: [UInt8](repeating: 0xff, count: 32)) }
        #expect(throws: BLSError(.invalidLength, "")) { try SecretKey(bytes: [UInt8](repeating: 1, count: 31)) }
    }

    @Test func secretKeysDoNotPrint() throws {
        let key = try SecretKey(bytes: [UInt8](repeating: 0, count: 31) + [7])
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains("07") && !dumped.contains("bytes"))
        #expect(String(describing: key) == "BLS12381.SecretKey")
    }
}

@Suite struct BatchInversionTests {
    @Test func batchInversionMatchesSingleInversions() {
        let values = (1...9).map { Fp(UInt64($0) * 0x1234_5678_9abc) * Constants.g1GeneratorX }
        let batch = Pairing.batchInverted(values)
        #expect(batch.count == values.count)
        for (v, inverse) in zip(values, batch) {
            #expect(inverse.constantTimeEquals(v.inverted()).isTrue)
        }
        #expect(Pairing.batchInverted([]).isEmpty)
    }
}

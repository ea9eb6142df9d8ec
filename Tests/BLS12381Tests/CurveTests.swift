@testable import BLS12381
import Testing

@Suite struct CurveTests {
    @Test func generatorsAreOnTheCurveAndInTheSubgroup() {
        #expect(G1Curve.generator.isOnCurve.isTrue)
        #expect(G2Curve.generator.isOnCurve.isTrue)
        #expect(G1Curve.generator.isInSubgroupVartime)
        #expect(G2Curve.generator.isInSubgroupVartime)
        #expect(G1Curve.generator.multipliedVartime(by: Scalar.orderLimbs).isIdentity.isTrue)
        #expect(G2Curve.generator.multipliedVartime(by: Scalar.orderLimbs).isIdentity.isTrue)
    }

    @Test func doublingAgreesWithAddition() {
        let g = G1Curve.generator
        #expect((g + g).constantTimeEquals(g.doubled()).isTrue)
        let h = G2Curve.generator
        #expect((h + h).constantTimeEquals(h.doubled()).isTrue)
        #expect((h + .identity).constantTimeEquals(h).isTrue)
        #expect((h - h).isIdentity.isTrue)
    }

    @Test func constantTimeScalarMultiplicationMatchesDoubleAndAdd() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<4 {
            let k = Scalar(l0: rng.next(), l1: rng.next(), l2: rng.next(), l3: rng.next() >> 2)
            let limbs = [k.l0, k.l1, k.l2, k.l3]
            #expect(G1Curve.generator.multiplied(by: k).constantTimeEquals(G1Curve.generator.multipliedVartime(by: limbs)).isTrue)
            #expect(G2Curve.generator.multiplied(by: k).constantTimeEquals(G2Curve.generator.multipliedVartime(by: limbs)).isTrue)
        }
    }

    @Test func pairingIsBilinearAndNonDegenerate() {
        let p = G1Curve.generator, q = G2Curve.generator
        let e = Pairing.pairing(p, q)
        #expect(!e.constantTimeEquals(.one).isTrue)
        let a: [UInt64] = [0x1234_5678_9abc_def1, 7], b: [UInt64] = [0xfeed_beef]
        let lhs = Pairing.pairing(p.multipliedVartime(by: a), q.multipliedVartime(by: b))
        let ab = Pairing.pairing(p.multipliedVartime(by: a).multipliedVartime(by: b), q)
        #expect(lhs.constantTimeEquals(ab).isTrue)
        #expect(Pairing.productIsOne([(p.multipliedVartime(by: a), q), (-p, q.multipliedVartime(by: a))]))
    }

    /// The Jacobian double-and-add against the complete projective formulas, on subgroup points,
    /// on a point of order 3 (0, 2) and on one outside the subgroup (which reach the addition's
    /// identity, equal-input and opposite-input cases), for small, edge and random scalars.
    @Test func jacobianMultiplicationMatchesTheCompleteFormulas() {
        let torsion = G1Point(affineX: .zero, y: Fp(2))
        #expect(torsion.isOnCurve.isTrue && torsion.multipliedVartimeProjective(by: [3]).isIdentity.isTrue)
        let outside = G1Curve.generator + torsion
        #expect(!outside.isInSubgroupVartime && !torsion.isInSubgroupVartime)
        var rng = SystemRandomNumberGenerator()
        var scalars: [[UInt64]] = (0..<24).map { [UInt64($0)] } + [[BLSParameter.absX], Scalar.orderLimbs, [UInt64.max, UInt64.max]]
        for _ in 0..<6 { scalars.append([rng.next(), rng.next(), rng.next(), rng.next() >> 2]) }
        let g1Points = [G1Curve.generator, G1Curve.generator.doubled(), torsion, outside, -outside, .identity]
        for k in scalars {
            for p in g1Points {
                #expect(p.multipliedVartime(by: k).constantTimeEquals(p.multipliedVartimeProjective(by: k)).isTrue, "G1 \(k)")
            }
            let q = G2Curve.generator.multipliedVartimeProjective(by: [0x1234_5678])
            #expect(q.multipliedVartime(by: k).constantTimeEquals(q.multipliedVartimeProjective(by: k)).isTrue, "G2 \(k)")
        }
        // A point given with Z other than one (the affine form is not what the conversion sees).
        let scaled = G2Point(x: G2Curve.generator.x * Fp2(c0: Fp(5), c1: Fp(7)), y: G2Curve.generator.y * Fp2(c0: Fp(5), c1: Fp(7)), z: Fp2(c0: Fp(5), c1: Fp(7)))
        #expect(scaled.multipliedVartime(by: [BLSParameter.absX]).constantTimeEquals(G2Curve.generator.multipliedVartimeProjective(by: [BLSParameter.absX])).isTrue)
    }
}

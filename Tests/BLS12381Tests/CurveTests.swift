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
}

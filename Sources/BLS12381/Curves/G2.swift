/// G2: the twist E2: y^2 = x^3 + 4(u + 1) over Fp2, and its subgroup of order r.
enum G2Curve: CurveParameters {
    static let b = Fp2(c0: Fp(4), c1: Fp(4))
    /// 3b = 12(1 + u): (a0 + a1 u) * 12(1 + u) = 12((a0 - a1) + (a0 + a1) u).
    static func timesB3(_ x: Fp2) -> Fp2 {
        let t = x.timesNonResidue()
        let t4 = Fp2(c0: t.c0.timesFour(), c1: t.c1.timesFour())
        return t4.doubled() + t4
    }
    static let generator = G2Point(affineX: Constants.g2GeneratorX, y: Constants.g2GeneratorY)
}

typealias G2Point = ProjectivePoint<G2Curve>

extension ProjectivePoint where Curve == G2Curve {
    /// The untwist-Frobenius-twist endomorphism psi (RFC 9380 Appendix G.3), in projective form:
    /// psi(X : Y : Z) = (conj(X) c1 : conj(Y) c2 : conj(Z)).
    func psi() -> G2Point {
        G2Point(x: x.conjugated() * Constants.psiX, y: y.conjugated() * Constants.psiY, z: z.conjugated())
    }

    /// Subgroup membership: psi(P) == [x] P (Scott 2021, section 4). Variable-time: public points.
    var isInSubgroupVartime: Bool {
        psi().constantTimeEquals(-multipliedByAbsXVartime()).isTrue
    }

    /// clear_cofactor for G2 by the Budroni-Pintore method, h_eff P computed as
    /// [x^2 - x - 1] P + [x - 1] psi(P) + psi^2(2P) (RFC 9380 Appendix G.3).
    /// Variable-time (the constant x, and ``JacobianPoint``'s branches on the point): for public
    /// points only, as hashed Ethereum messages are.
    func clearingCofactor() -> G2Point {
        let t1 = -multipliedByAbsXVartime()          // 1. t1 = c1 * P (c1 = x)
        var t2 = psi()                               // 2. t2 = psi(P)
        var t3 = doubled().psi().psi()               // 3-4. t3 = psi2(2 * P)
        t3 = t3 - t2                                 // 5. t3 = t3 - t2
        t2 = t1 + t2                                 // 6. t2 = t1 + t2
        t2 = -t2.multipliedByAbsXVartime()           // 7. t2 = c1 * t2
        t3 = t3 + t2                                 // 8. t3 = t3 + t2
        t3 = t3 - t1                                 // 9. t3 = t3 - t1
        return t3 - self                             // 10. Q = t3 - P
    }
}

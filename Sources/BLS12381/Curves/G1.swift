/// G1: the curve E1: y^2 = x^3 + 4 over Fp, and its subgroup of order r.
enum G1Curve: CurveParameters {
    static let b = Fp(4)
    /// 3b = 12: x * 12 = (x * 4) * 2 + (x * 4), with additions only.
    static func timesB3(_ x: Fp) -> Fp {
        let x4 = x.timesFour()
        return x4.doubled() + x4
    }
    static let generator = G1Point(affineX: Constants.g1GeneratorX, y: Constants.g1GeneratorY)
}

typealias G1Point = ProjectivePoint<G1Curve>

extension ProjectivePoint where Curve == G1Curve {
    /// The endomorphism phi(x, y) = (beta x, y), which acts on G1 as [-x^2].
    func phi() -> G1Point { G1Point(x: x * Constants.g1Beta, y: y, z: z) }

    /// Subgroup membership: phi(P) == [-x^2] P (Scott 2021, "A note on group membership tests for
    /// G1, G2 and GT on BLS pairing-friendly curves", section 6). Variable-time: for public points.
    var isInSubgroupVartime: Bool {
        let xxP = multipliedByAbsXVartime().multipliedByAbsXVartime()  // [x^2] P
        return phi().constantTimeEquals(-xxP).isTrue
    }
}

/// The 3-isogeny from E2' to E2 (RFC 9380 Appendix E.3), evaluated on x = xn / xd without any
/// inversion: the result is returned in projective coordinates.
enum Isogeny {
    /// Evaluates sum(k[i] * xn^i * xd^(degree - i)) for i in 0...degree, with a monic top
    /// coefficient when `k` has only `degree` entries.
    private static func homogeneous(_ k: [Fp2], degree: Int, xnPowers: [Fp2], xdPowers: [Fp2]) -> Fp2 {
        var sum = k.count == degree ? xnPowers[degree] : k[degree] * xnPowers[degree]
        for i in 0..<degree {
            sum = sum + k[i] * xnPowers[i] * xdPowers[degree - i]
        }
        return sum
    }

    static func map(x: (numerator: Fp2, denominator: Fp2), y: Fp2) -> G2Point {
        let xn = x.numerator, xd = x.denominator
        let xnPowers = [Fp2.one, xn, xn.squared(), xn.squared() * xn]
        let xdPowers = [Fp2.one, xd, xd.squared(), xd.squared() * xd]
        // x_num / x_den, y_num / y_den as in E.3, each multiplied through by a power of xd:
        // x = XN / (XD xd), y = y' YN / YD.
        let XN = homogeneous(Constants.isogenyXNum, degree: 3, xnPowers: xnPowers, xdPowers: xdPowers)
        let XD = homogeneous(Constants.isogenyXDen, degree: 2, xnPowers: xnPowers, xdPowers: xdPowers)
        let YN = homogeneous(Constants.isogenyYNum, degree: 3, xnPowers: xnPowers, xdPowers: xdPowers)
        let YD = homogeneous(Constants.isogenyYDen, degree: 3, xnPowers: xnPowers, xdPowers: xdPowers)
        let XDxd = XD * xd
        // (X : Y : Z) = (XN YD : y' YN XD xd : XD xd YD). Where a denominator vanishes the
        // isogeny's exceptional points map to the identity (RFC 9380 section 6.6.3); selected in
        // constant time so that (X : Y : 0) never reaches the group law in a non-canonical form.
        let point = G2Point(x: XN * YD, y: y * YN * XDxd, z: XDxd * YD)
        return G2Point.select(point, .identity, point.z.isZero)
    }
}

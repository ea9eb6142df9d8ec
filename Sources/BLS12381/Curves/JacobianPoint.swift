/// A point in Jacobian coordinates (x = X / Z^2, y = Y / Z^3; Z = 0 is the identity), for
/// variable-time multiplication of public points by public scalars only.
///
/// Its doubling (2M + 5S, "dbl-2009-l") is cheaper than the complete projective one (6M + 2S), and
/// multiplications by the curve parameter x (63 doublings, 5 additions: cofactor clearing and the
/// subgroup checks) are mostly doublings. The formulas are incomplete: the addition branches on
/// equal and opposite inputs and on the identity, so both the point and the scalar must be public
/// (a hashed message, a decoded key or signature, the parameter x, batch coefficients), never a
/// secret. Secret scalars use ``ProjectivePoint/multiplied(by:)``.
struct JacobianPoint<Curve: CurveParameters> {
    typealias F = Curve.Field
    var x: F
    var y: F
    var z: F

    /// The same point as a homogeneous projective one: (X Z, Y Z^2, Z).
    init(_ p: ProjectivePoint<Curve>) {
        x = p.x * p.z
        y = p.y * p.z.squared()
        z = p.z
    }

    init(x: F, y: F, z: F) { self.x = x; self.y = y; self.z = z }

    /// Back to homogeneous projective coordinates: (X Z, Y, Z^3).
    var projective: ProjectivePoint<Curve> {
        if z.isZero.isTrue { return .identity }
        return ProjectivePoint(x: x * z, y: y, z: z.squared() * z)
    }

    /// dbl-2009-l for a = 0 (https://hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-0.html).
    func doubled() -> JacobianPoint {
        if z.isZero.isTrue { return self }
        let a = x.squared()
        let b = y.squared()
        let c = b.squared()
        let d = ((x + b).squared() - a - c).doubled()
        let e = a.doubled() + a
        let f = e.squared()
        let x3 = f - d.doubled()
        let c8 = c.doubled().doubled().doubled()
        return JacobianPoint(x: x3, y: e * (d - x3) - c8, z: (y * z).doubled())
    }

    /// add-2007-bl (same page), with the cases it leaves out: the identity, P + P, P + (-P).
    static func + (p: JacobianPoint, q: JacobianPoint) -> JacobianPoint {
        if p.z.isZero.isTrue { return q }
        if q.z.isZero.isTrue { return p }
        let z1z1 = p.z.squared()
        let z2z2 = q.z.squared()
        let u1 = p.x * z2z2
        let u2 = q.x * z1z1
        let s1 = p.y * q.z * z2z2
        let s2 = q.y * p.z * z1z1
        let h = u2 - u1
        let r = (s2 - s1).doubled()
        if h.isZero.isTrue {
            return r.isZero.isTrue ? p.doubled() : JacobianPoint(x: .one, y: .one, z: .zero)
        }
        let i = h.doubled().squared()
        let j = h * i
        let v = u1 * i
        let x3 = r.squared() - j - v.doubled()
        let y3 = r * (v - x3) - (s1 * j).doubled()
        let z3 = ((p.z + q.z).squared() - z1z1 - z2z2) * h
        return JacobianPoint(x: x3, y: y3, z: z3)
    }
}

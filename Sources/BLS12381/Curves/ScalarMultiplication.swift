/// Scalar multiplication: constant-time for secret scalars, variable-time (named so) for public ones.
extension ProjectivePoint {
    /// `[k] self` for a secret scalar `k` (256-bit, little-endian limbs), in constant time.
    ///
    /// Fixed 4-bit windows: 64 windows of four doublings and one addition of a table entry read
    /// by ``constantTimeEntry(of:at:)`` (every entry read, the wanted one kept by a mask), so
    /// neither branches nor memory addresses depend on the scalar (R5). Complete formulas make
    /// the identity entries harmless.
    func multiplied(by k: Scalar) -> ProjectivePoint {
        var table = [ProjectivePoint](repeating: .identity, count: 16)
        table[1] = self
        for i in 2..<16 { table[i] = i % 2 == 0 ? table[i / 2].doubled() : table[i - 1] + self }
        var result = ProjectivePoint.identity
        let limbs = [k.l0, k.l1, k.l2, k.l3]
        for limbIndex in (0..<4).reversed() {
            let limb = limbs[limbIndex]
            for shift in stride(from: 60, through: 0, by: -4) {
                result = result.doubled().doubled().doubled().doubled()
                let window = (limb >> UInt64(shift)) & 0xf
                result = result + .constantTimeEntry(of: table, at: window)
            }
        }
        return result
    }

    /// `[k] self` for a public point and a public scalar given as little-endian limbs
    /// (double-and-add in Jacobian coordinates, ``JacobianPoint``).
    ///
    /// - Warning: variable-time in `k` and in the point. Only for public points and scalars (the
    ///   curve parameter x on hashed messages, decoded keys and signatures; the random
    ///   coefficients of batch verification; the group order in tests).
    func multipliedVartime(by k: [UInt64]) -> ProjectivePoint {
        let base = JacobianPoint(self)
        var result = JacobianPoint<Curve>(x: .one, y: .one, z: .zero)
        var started = false
        for limb in k.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                if started { result = result.doubled() }
                if (limb >> UInt64(bit)) & 1 == 1 {
                    result = started ? result + base : base
                    started = true
                }
            }
        }
        return result.projective
    }

    /// ``multipliedVartime(by:)`` with the complete projective formulas: the reference the
    /// Jacobian path is tested against.
    func multipliedVartimeProjective(by k: [UInt64]) -> ProjectivePoint {
        var result = ProjectivePoint.identity
        for limb in k.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result.doubled()
                if (limb >> UInt64(bit)) & 1 == 1 { result = result + self }
            }
        }
        return result
    }

    /// `[|x|] self` for the BLS parameter |x| = 0xd201000000010000 (public; variable-time).
    func multipliedByAbsXVartime() -> ProjectivePoint {
        multipliedVartime(by: [BLSParameter.absX])
    }
}

/// The BLS12-381 curve parameter x = -0xd201000000010000.
enum BLSParameter {
    /// |x|; x itself is negative.
    static let absX: UInt64 = 0xd201_0000_0001_0000
}

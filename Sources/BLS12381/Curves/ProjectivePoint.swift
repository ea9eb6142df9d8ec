import CBLS12381Field

/// A short Weierstrass curve y^2 = x^3 + b (a = 0) over a field: the parameters the group law needs.
protocol CurveParameters: Sendable {
    associatedtype Field: FieldElement
    static var b: Field { get }
    /// 3b times `x`, computed with additions where possible.
    static func timesB3(_ x: Field) -> Field
    static var generator: ProjectivePoint<Self> { get }
}

/// A point in homogeneous projective coordinates (X : Y : Z), x = X/Z, y = Y/Z; the identity is
/// (0 : 1 : 0). Written once, generic over G1 and G2 (R3).
///
/// Addition and doubling use the complete formulas of Renes, Costello and Batina,
/// "Complete addition formulas for prime order elliptic curves" (2016), Algorithms 7 and 9 for
/// a = 0: they have no exceptional cases (identity, equal or opposite inputs), so they run in
/// constant time. Points are not checked to be in the prime-order subgroup: see
/// ``isInSubgroupVartime`` on G1 and G2.
struct ProjectivePoint<Curve: CurveParameters>: Sendable {
    typealias F = Curve.Field
    var x: F
    var y: F
    var z: F

    init(x: F, y: F, z: F) { self.x = x; self.y = y; self.z = z }

    /// The affine point (x, y), not checked to be on the curve.
    init(affineX: F, y: F) { self.init(x: affineX, y: y, z: .one) }

    static var identity: ProjectivePoint { ProjectivePoint(x: .zero, y: .one, z: .zero) }

    var isIdentity: Choice { z.isZero }

    /// y^2 z = x^3 + b z^3 (the identity satisfies it).
    var isOnCurve: Choice {
        let lhs = y.squared() * z
        let rhs = x.squared() * x + Curve.b * z.squared() * z
        return lhs.constantTimeEquals(rhs)
    }

    /// Projective equality, constant-time.
    func constantTimeEquals(_ other: ProjectivePoint) -> Choice {
        let sameX = (x * other.z).constantTimeEquals(other.x * z)
        let sameY = (y * other.z).constantTimeEquals(other.y * z)
        let bothIdentity = isIdentity & other.isIdentity
        let neitherIdentity = !isIdentity & !other.isIdentity
        return bothIdentity | (neitherIdentity & sameX & sameY)
    }

    static prefix func - (p: ProjectivePoint) -> ProjectivePoint { ProjectivePoint(x: p.x, y: -p.y, z: p.z) }

    static func select(_ a: ProjectivePoint, _ b: ProjectivePoint, _ choice: Choice) -> ProjectivePoint {
        ProjectivePoint(x: .select(a.x, b.x, choice), y: .select(a.y, b.y, choice), z: .select(a.z, b.z, choice))
    }

    /// Complete addition (RCB 2016, Algorithm 7): 12M + 2 m_3b + 19a.
    static func + (p: ProjectivePoint, q: ProjectivePoint) -> ProjectivePoint {
        var t0 = p.x * q.x
        var t1 = p.y * q.y
        var t2 = p.z * q.z
        var t3 = (p.x + p.y) * (q.x + q.y)
        var t4 = t0 + t1
        t3 = t3 - t4
        t4 = (p.y + p.z) * (q.y + q.z)
        var x3 = t1 + t2
        t4 = t4 - x3
        x3 = (p.x + p.z) * (q.x + q.z)
        var y3 = t0 + t2
        y3 = x3 - y3
        x3 = t0 + t0
        t0 = x3 + t0
        t2 = Curve.timesB3(t2)
        var z3 = t1 + t2
        t1 = t1 - t2
        y3 = Curve.timesB3(y3)
        x3 = t4 * y3
        t2 = t3 * t1
        x3 = t2 - x3
        y3 = y3 * t0
        t1 = t1 * z3
        y3 = t1 + y3
        t0 = t0 * t3
        z3 = z3 * t4
        z3 = z3 + t0
        return ProjectivePoint(x: x3, y: y3, z: z3)
    }

    static func - (p: ProjectivePoint, q: ProjectivePoint) -> ProjectivePoint { p + (-q) }

    static func += (p: inout ProjectivePoint, q: ProjectivePoint) { p = p + q }

    /// Complete doubling (RCB 2016, Algorithm 9): 6M + 2S + 1 m_3b + 9a.
    func doubled() -> ProjectivePoint {
        var t0 = y.squared()
        var z3 = t0 + t0
        z3 = z3 + z3
        z3 = z3 + z3
        var t1 = y * z
        var t2 = z.squared()
        t2 = Curve.timesB3(t2)
        var x3 = t2 * z3
        var y3 = t0 + t2
        z3 = t1 * z3
        t1 = t2 + t2
        t2 = t1 + t2
        t0 = t0 - t2
        y3 = t0 * y3
        y3 = x3 + y3
        t1 = x * y
        x3 = t0 * t1
        x3 = x3 + x3
        return ProjectivePoint(x: x3, y: y3, z: z3)
    }

    /// `table[index]`, reading every entry (`ek_select_entry` in `CBLS12381Field`): time and
    /// memory accesses do not depend on `index`, which must be below `table.count` (an index past
    /// the end gives all-zero coordinates, which is not a point).
    ///
    /// A point is three field elements of plain `UInt64` limbs, so a table is one contiguous run
    /// of limbs (stride = size: checked by `CKernelTests`).
    @inline(never)
    static func constantTimeEntry(of table: [ProjectivePoint], at index: UInt64) -> ProjectivePoint {
        var entry = ProjectivePoint.identity
        let words = UInt64(MemoryLayout<ProjectivePoint>.stride / MemoryLayout<UInt64>.stride)
        let found = table.withUnsafeBytes { raw -> Bool in
            guard let limbs = raw.baseAddress?.assumingMemoryBound(to: UInt64.self) else { return false }
            return withUnsafeMutableBytes(of: &entry) { out -> Bool in
                guard let r = out.baseAddress?.assumingMemoryBound(to: UInt64.self) else { return false }
                ek_select_entry(r, limbs, UInt64(table.count), words, index)
                return true
            }
        }
        // Only an empty table has no base address (the ladders' tables have 16 or 17 entries).
        return found ? entry : .identity
    }

    /// The affine coordinates; the identity maps to (0, 0) with `isIdentity` true.
    func toAffine() -> (x: F, y: F, isIdentity: Choice) {
        let zInverse = z.inverted()  // zero for the identity, so both coordinates become zero
        return (x * zInverse, y * zInverse, isIdentity)
    }
}

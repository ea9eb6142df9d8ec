/// The operations the curve and pairing code needs from a field, implemented by ``Fp`` and ``Fp2``
/// (and, for the pairing, ``Fp6`` and ``Fp12``).
///
/// Every operation is constant-time unless its name ends in `Vartime`. Generic code over this
/// protocol stays internal, so the compiler specialises it inside the module (R3).
protocol FieldElement: Sendable {
    static var zero: Self { get }
    static var one: Self { get }
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static prefix func - (value: Self) -> Self
    func squared() -> Self
    func doubled() -> Self
    /// The multiplicative inverse; zero maps to zero.
    func inverted() -> Self
    var isZero: Choice { get }
    func constantTimeEquals(_ other: Self) -> Choice
    /// `b` when `choice` is true, `a` otherwise.
    static func select(_ a: Self, _ b: Self, _ choice: Choice) -> Self
}

extension FieldElement {
    static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }
    static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }

    /// `self^exponent` for a public exponent given as little-endian 64-bit limbs.
    ///
    /// - Warning: variable-time in the exponent (it skips leading zeros and branches on its bits);
    ///   constant-time in `self`. Use only with public exponents (field constants).
    func powVartime(_ exponent: [UInt64]) -> Self {
        // Fixed 4-bit windows, most significant first.
        var table = [Self](repeating: .one, count: 16)
        for i in 1..<16 { table[i] = table[i - 1] * self }
        var result = Self.one
        var started = false
        for limb in exponent.reversed() {
            var shift = 60
            while shift >= 0 {
                let window = Int((limb >> UInt64(shift)) & 0xf)
                if started {
                    result = result.squared().squared().squared().squared()
                }
                if window != 0 {
                    result = started ? result * table[window] : table[window]
                    started = true
                }
                shift -= 4
            }
        }
        return result
    }

    /// `x^ex * y^ey` for public exponents (little-endian limbs), sharing one run of squarings
    /// between the two (Shamir's trick with 4-bit windows).
    ///
    /// - Warning: variable-time in the exponents; constant-time in `x` and `y`.
    static func multiExponentiationVartime(_ x: Self, _ ex: [UInt64], _ y: Self, _ ey: [UInt64]) -> Self {
        var tableX = [Self](repeating: .one, count: 16), tableY = [Self](repeating: .one, count: 16)
        for i in 1..<16 {
            tableX[i] = tableX[i - 1] * x
            tableY[i] = tableY[i - 1] * y
        }
        let limbs = max(ex.count, ey.count)
        var result = Self.one
        var started = false
        for limbIndex in stride(from: limbs - 1, through: 0, by: -1) {
            let lx = limbIndex < ex.count ? ex[limbIndex] : 0
            let ly = limbIndex < ey.count ? ey[limbIndex] : 0
            for shift in stride(from: 60, through: 0, by: -4) {
                if started { result = result.squared().squared().squared().squared() }
                let wx = Int((lx >> UInt64(shift)) & 0xf), wy = Int((ly >> UInt64(shift)) & 0xf)
                if wx != 0 { result = started ? result * tableX[wx] : tableX[wx]; started = true }
                if wy != 0 { result = started ? result * tableY[wy] : tableY[wy]; started = true }
            }
        }
        return result
    }
}

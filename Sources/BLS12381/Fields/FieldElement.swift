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

    /// `self^exponent` for a public exponent.
    ///
    /// Left-to-right sliding windows of width 5 over the odd powers `self^1, self^3, …, self^31`:
    /// for a 381-bit exponent, 380 squarings and about 80 multiplications (fixed 4-bit windows
    /// need about 110).
    ///
    /// - Warning: variable-time in the exponent (the windows follow its bits); constant-time in
    ///   `self`: the sequence of operations depends on the exponent alone. Use only with public
    ///   exponents (field constants).
    func powVartime(_ exponent: PublicExponent) -> Self {
        Self.productOfPowersVartime([(Self.oddPowers(of: self), exponent)])
    }

    /// `x^1, x^3, …, x^(2^w - 1)` (w = ``PublicExponent/windowWidth``): the table of one
    /// sliding-window base, 2^(w-1) elements. Constant-time.
    static func oddPowers(of x: Self) -> [Self] {
        let xSquared = x.squared()
        var table = [x]
        table.reserveCapacity(1 << (PublicExponent.windowWidth - 1))
        for i in 1..<(1 << (PublicExponent.windowWidth - 1)) { table.append(table[i - 1] * xSquared) }
        return table
    }

    /// The product of `base^exponent` over the terms, each base given by its ``oddPowers(of:)``
    /// table, sharing one run of squarings (interleaved sliding windows).
    ///
    /// - Warning: variable-time in the exponents (public); constant-time in the bases.
    static func productOfPowersVartime(_ terms: [(oddPowers: [Self], exponent: PublicExponent)]) -> Self {
        let windows = terms.map(\.exponent.windows), tables = terms.map(\.oddPowers)
        var next = [Int](repeating: 0, count: terms.count)  // the next window of each term
        var result = Self.one
        var position: Int? = nil  // the bit position `result` stands at, once started
        while true {
            // The pending window with the highest position, of any term.
            var pick: Int? = nil
            for t in windows.indices where next[t] < windows[t].count {
                if let p = pick, windows[p][next[p]].position >= windows[t][next[t]].position { continue }
                pick = t
            }
            guard let t = pick else { break }
            let window = windows[t][next[t]]
            next[t] += 1
            let factor = tables[t][window.digit >> 1]
            if let current = position {
                for _ in 0..<(current - window.position) { result = result.squared() }
                result = result * factor
            } else {
                result = factor
            }
            position = window.position
        }
        for _ in 0..<(position ?? 0) { result = result.squared() }
        return result
    }
}

/// A public exponent (a field constant) recoded once into left-to-right sliding windows.
struct PublicExponent: Sendable {
    /// The width of the windows: odd digits below 2^5, tables of 16 odd powers.
    static let windowWidth = 5

    /// The exponent, little-endian 64-bit limbs.
    let limbs: [UInt64]

    /// The windows, most significant first: each an odd `digit` below 2^``windowWidth`` whose
    /// lowest bit sits at bit `position`, so that the exponent is the sum of `digit << position`.
    let windows: [(position: Int, digit: Int)]

    init(_ limbs: [UInt64]) {
        self.limbs = limbs
        func bit(_ i: Int) -> Int { Int((limbs[i >> 6] >> UInt64(i & 63)) & 1) }
        var windows: [(position: Int, digit: Int)] = []
        var i = limbs.count * 64 - 1
        while i >= 0 {
            guard bit(i) == 1 else { i -= 1; continue }
            var low = max(i - Self.windowWidth + 1, 0)
            while bit(low) == 0 { low += 1 }  // stops at i at the latest: bit i is set
            var digit = 0
            for j in stride(from: i, through: low, by: -1) { digit = digit << 1 | bit(j) }
            windows.append((low, digit))
            i = low - 1
        }
        self.windows = windows
    }
}

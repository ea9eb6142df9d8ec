/// An integer below the group order
/// r = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001,
/// as four 64-bit limbs, least significant first (not in Montgomery form).
///
/// The secret key of the Ethereum ciphersuite is such a scalar. Parsing and the zero test are
/// constant-time.
struct Scalar: Sendable {
    var l0, l1, l2, l3: UInt64

    static let r0: UInt64 = 0xffff_ffff_0000_0001, r1: UInt64 = 0x53bd_a402_fffe_5bfe
    static let r2: UInt64 = 0x3339_d808_09a1_d805, r3: UInt64 = 0x73ed_a753_299d_7d48

    /// The group order r itself (only as a multiplier in tests and checks; not a valid scalar).
    static let orderLimbs: [UInt64] = [r0, r1, r2, r3]

    /// Reads 32 big-endian bytes; returns whether the value is below r.
    static func fromBigEndian(_ bytes: UnsafeRawBufferPointer) -> (Scalar, isCanonical: Choice) {
        precondition(bytes.count == 32)  // invariant: callers pass a 32-byte SymmetricKey whose length SecretKey.init(bytes:) checked
        func limb(_ index: Int) -> UInt64 {
            var value: UInt64 = 0
            for i in 0..<8 { value = value << 8 | UInt64(bytes[24 - 8 * index + i]) }
            return value
        }
        let s = Scalar(l0: limb(0), l1: limb(1), l2: limb(2), l3: limb(3))
        var borrow: UInt64 = 0
        (_, borrow) = subtractWithBorrow(s.l0, r0, borrow)
        (_, borrow) = subtractWithBorrow(s.l1, r1, borrow)
        (_, borrow) = subtractWithBorrow(s.l2, r2, borrow)
        (_, borrow) = subtractWithBorrow(s.l3, r3, borrow)
        return (s, Choice(bit: borrow))
    }

    var isZero: Choice { Choice.isZero(l0 | l1 | l2 | l3) }

    /// Writes the 32-byte big-endian encoding into `out`.
    func writeBigEndian(to out: UnsafeMutableRawBufferPointer) {
        precondition(out.count == 32)  // invariant: callers pass their own 32-byte buffer
        for (index, limb) in [l3, l2, l1, l0].enumerated() {
            for i in 0..<8 { out[8 * index + i] = UInt8(truncatingIfNeeded: limb >> UInt64(56 - 8 * i)) }
        }
    }
}

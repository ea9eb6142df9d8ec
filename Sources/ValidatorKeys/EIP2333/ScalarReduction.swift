import CBLS12381Field

/// Constant-time reduction of a big-endian integer modulo the BLS12-381 group order
///
///     r = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001
///
/// for EIP-2333's `HKDF_mod_r` (`OS2IP(OKM) mod r`, with a 48-byte OKM).
///
/// Method: binary long division, most significant bit first. The accumulator stays below
/// r < 2^255, so `2·acc + bit` fits in four 64-bit limbs; after each step r is subtracted and the
/// result kept through a mask, never a branch. The borrows are integers, not `Bool`s, and the mask
/// passes `ek_value_barrier`: with `Bool` borrows LLVM compiled the selection back into branches
/// on the secret (a review found it under valgrind; `scripts/check-constant-time` now runs EIP-2333
/// derivation). The loop count depends only on the input length.
enum ScalarReduction {
    /// r as four little-endian 64-bit limbs.
    static let r: (UInt64, UInt64, UInt64, UInt64) = (
        0xffff_ffff_0000_0001, 0x53bd_a402_fffe_5bfe, 0x3339_d808_09a1_d805, 0x73ed_a753_299d_7d48
    )

    /// Returns `OS2IP(bytes) mod r` as 32 big-endian bytes (`I2OSP(·, 32)`).
    static func reduce(bigEndian bytes: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count == 32)  // invariant: the one caller passes a 32-byte SymmetricKey buffer
        var a0: UInt64 = 0, a1: UInt64 = 0, a2: UInt64 = 0, a3: UInt64 = 0
        for byte in bytes {
            for shift in stride(from: 7, through: 0, by: -1) {
                let bit = UInt64(byte >> UInt8(shift)) & 1
                // acc = 2·acc + bit; acc < r < 2^255 so nothing is shifted out of a3.
                a3 = a3 << 1 | a2 >> 63
                a2 = a2 << 1 | a1 >> 63
                a1 = a1 << 1 | a0 >> 63
                a0 = a0 << 1 | bit
                // t = acc − r; keep t when there was no borrow (acc ≥ r).
                let (t0, b0) = sbb(a0, r.0, 0)
                let (t1, b1) = sbb(a1, r.1, b0)
                let (t2, b2) = sbb(a2, r.2, b1)
                let (t3, b3) = sbb(a3, r.3, b2)
                let keep = ek_value_barrier(b3 &- 1)  // all ones when there was no borrow: acc ≥ r
                a0 = (t0 & keep) | (a0 & ~keep)
                a1 = (t1 & keep) | (a1 & ~keep)
                a2 = (t2 & keep) | (a2 & ~keep)
                a3 = (t3 & keep) | (a3 & ~keep)
            }
        }
        for (i, limb) in [a3, a2, a1, a0].enumerated() {
            for j in 0..<8 { out[i * 8 + j] = UInt8(truncatingIfNeeded: limb >> UInt64(56 - 8 * j)) }
        }
        a0 = 0; a1 = 0; a2 = 0; a3 = 0
    }

    /// Subtract with borrow: `a − b − borrow` and the outgoing borrow (0 or 1), by arithmetic.
    @inline(__always)
    private static func sbb(_ a: UInt64, _ b: UInt64, _ borrow: UInt64) -> (UInt64, UInt64) {
        let difference = UInt128(a) &- UInt128(b) &- UInt128(borrow)  // wraps exactly when a < b + borrow
        return (UInt64(truncatingIfNeeded: difference), UInt64(truncatingIfNeeded: difference >> 64) & 1)
    }
}

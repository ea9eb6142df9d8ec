import CBLS12381Field

/// A secret-safe boolean: all ones for true, all zeros for false.
///
/// Comparisons on field elements return a `Choice` computed by arithmetic, never by a branch, so
/// that code handling secrets can combine and select without revealing the outcome through
/// timing (R5; zkcrypto's `subtle::Choice`, blst's `vec_is_zero`). Reading ``isTrue`` turns the
/// mask back into a `Bool`: do that only for values that are public.
///
/// Every mask passes through `ek_value_barrier` (an empty `asm` the optimiser cannot see
/// through, as `subtle`'s `black_box`): without it, LLVM proved that a mask came from a
/// comparison and turned a masked table scan into a branch on the secret index (found under
/// valgrind by `scripts/check-constant-time`).
struct Choice: Sendable {
    /// `0xFFFF_FFFF_FFFF_FFFF` (true) or `0` (false).
    let mask: UInt64

    @inline(__always)
    init(mask: UInt64) { self.mask = ek_value_barrier(mask) }

    /// `bit` must be 0 or 1.
    @inline(__always)
    init(bit: UInt64) { mask = ek_value_barrier(0 &- bit) }

    static let `true` = Choice(mask: ~0)
    static let `false` = Choice(mask: 0)

    /// Declassifies the choice. Only for public outcomes (validity of public input, verification).
    var isTrue: Bool { mask != 0 }

    @inline(__always) static func & (a: Choice, b: Choice) -> Choice { Choice(mask: a.mask & b.mask) }
    @inline(__always) static func | (a: Choice, b: Choice) -> Choice { Choice(mask: a.mask | b.mask) }
    @inline(__always) static prefix func ! (a: Choice) -> Choice { Choice(mask: ~a.mask) }

    /// True when `word` is zero, without a branch.
    @inline(__always)
    static func isZero(_ word: UInt64) -> Choice {
        // (w | -w) has its top bit set exactly when w != 0.
        Choice(bit: ((word | (0 &- word)) >> 63) ^ 1)
    }

    /// Selects `b` when true, `a` when false.
    @inline(__always)
    func select(_ a: UInt64, _ b: UInt64) -> UInt64 { a ^ (mask & (a ^ b)) }
}

import TestSupport

/// The tests' seedable generator (``TestRNG``, SplitMix64) with the draws mutations need: the
/// same seed gives the same mutations on every machine, so a failing run can be replayed with
/// `ETHERKEEP_FUZZ_SEED`.
public struct FuzzRandom: RandomNumberGenerator, Sendable {
    private var rng: TestRNG

    public init(seed: UInt64) { rng = TestRNG(seed: seed) }

    public mutating func next() -> UInt64 { rng.next() }

    /// A uniform integer in `0..<bound` (`bound` > 0).
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

    /// True with probability 1 / `n`.
    public mutating func oneIn(_ n: Int) -> Bool { below(n) == 0 }

    /// A random element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Mixes a name into a seed (FNV-1a), so each target has its own reproducible stream.
    public static func derive(_ seed: UInt64, _ name: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}

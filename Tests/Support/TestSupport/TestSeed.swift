import Foundation

/// SplitMix64: a small, seedable generator, so that a failing run can be replayed exactly.
public struct TestRNG: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// The seed of every randomised test (one per test process): `ETHERKEEP_TEST_SEED` (decimal or `0x` hex) when set,
/// otherwise a fresh random one. Printed once, so that any run can be replayed.
public enum TestSeed {
    public struct Malformed: Error, CustomStringConvertible {
        let text: String
        public var description: String { "ETHERKEEP_TEST_SEED=\(text) is not a decimal or 0x-hex UInt64" }
    }

    private static let loaded: Result<UInt64, Malformed> = {
        let result: Result<UInt64, Malformed>
        if let text = ProcessInfo.processInfo.environment["ETHERKEEP_TEST_SEED"], !text.isEmpty {
            let parsed = text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
            result = parsed.map { .success($0) } ?? .failure(Malformed(text: text))
        } else {
            result = .success(UInt64.random(in: .min ... .max))
        }
        if case .success(let seed) = result {
            print("test seed: \(seed) (replay with ETHERKEEP_TEST_SEED=\(seed))")
        }
        return result
    }()

    /// The seed; throws when `ETHERKEEP_TEST_SEED` is malformed.
    public static func value() throws -> UInt64 { try loaded.get() }

    /// A generator for one named test, independent of the order the tests run in.
    public static func rng(_ seed: UInt64, for name: String) -> TestRNG {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a of the name
        for byte in name.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return TestRNG(seed: seed ^ h)
    }
}

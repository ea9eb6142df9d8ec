import Foundation
import SlashingProtection
import TestSupport
import Testing

/// A seeded random-mutation fuzz of the interchange parser, seeded with every interchange document
/// of the EIP-3076 suite: each mutant parses or throws ``SlashingProtectionError``, never traps, and
/// what parses writes back to JSON that parses to the same value. The seed is printed;
/// `ETHERKEEP_FUZZ_SEED` replays a run, `ETHERKEEP_FUZZ_ITERATIONS` lengthens it.
@Suite struct InterchangeFuzzTests {
    @Test func mutantsParseOrThrowNeverTrap() throws {
        var seeds: [[UInt8]] = []
        for file in try Vectors.files(in: InterchangeConformanceTests.directory) {
            let test = try #require(try Vectors.json(file) as? [String: Any])
            for step in test["steps"] as? [[String: Any]] ?? [] {
                seeds.append(Array(try JSONSerialization.data(withJSONObject: try #require(step["interchange"]))))
            }
        }
        #expect(seeds.count >= 38)
        let env = ProcessInfo.processInfo.environment
        let seed = env["ETHERKEEP_FUZZ_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        let iterations = env["ETHERKEEP_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 20_000
        print("InterchangeFuzzTests seed: \(seed) (replay with ETHERKEEP_FUZZ_SEED=\(seed))")
        var rng = SplitMix64(seed: seed)
        var parsed = 0
        for _ in 0..<iterations {
            var bytes = seeds[Int(rng.next() % UInt64(seeds.count))]
            for _ in 0..<(1 + Int(rng.next() % 4)) { mutate(&bytes, with: &rng, splice: seeds) }
            do {
                let interchange = try Interchange(json: bytes)
                parsed += 1
                #expect(try Interchange(json: interchange.json()) == interchange, "round trip of \(String(decoding: bytes, as: UTF8.self))")
            } catch {
                // A typed error naming what is wrong is the expected outcome for most mutants.
                #expect(!error.reason.isEmpty)
            }
        }
        #expect(parsed > 0, "no mutant parsed: the mutations are too coarse to reach the checks")
    }

    private func mutate(_ bytes: inout [UInt8], with rng: inout SplitMix64, splice seeds: [[UInt8]]) {
        let interesting: [[UInt8]] = [
            Array("\"".utf8), Array("0".utf8), Array("-1".utf8), Array("18446744073709551616".utf8), Array("null".utf8),
            Array("[]".utf8), Array("{}".utf8), Array("0x".utf8), Array("\"9223372036854775808\"".utf8), Array("\u{0}".utf8),
            Array("[[[[[[[[[[[[[[[[[[[[[[[[[[[[".utf8), Array("é".utf8), Array("1e309".utf8),
        ]
        let position = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
        switch rng.next() % 7 {
        case 0 where !bytes.isEmpty: bytes[position] ^= UInt8(1 << (rng.next() % 8))
        case 1: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: position)
        case 2 where !bytes.isEmpty: bytes.remove(at: position)
        case 3: bytes = Array(bytes.prefix(position))
        case 4: bytes.insert(contentsOf: interesting[Int(rng.next() % UInt64(interesting.count))], at: position)
        case 5:
            // Replace a digit run or a hex digit: keeps the document JSON, reaches the field checks.
            if let i = bytes[position...].firstIndex(where: { (48...57).contains($0) || (97...102).contains($0) }) {
                bytes[i] = Array("0123456789abcdefx".utf8)[Int(rng.next() % 17)]
            }
        default:
            let other = seeds[Int(rng.next() % UInt64(seeds.count))]
            let cut = other.isEmpty ? 0 : Int(rng.next() % UInt64(other.count))
            bytes = Array(bytes.prefix(position)) + other[cut...]
        }
    }
}

/// SplitMix64: a small seeded generator, so a run can be replayed from its printed seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

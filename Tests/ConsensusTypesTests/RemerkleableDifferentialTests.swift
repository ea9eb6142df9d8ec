import ConsensusTypes
import Foundation
import TestSupport
import Testing

/// Differential test against remerkleable (PyPI), an independent SSZ implementation: for every
/// signing container of every fork, and a set of general SSZ types, 102 values (all-zero, full
/// at every limit, then 100 random ones from the seeded generator) are hashed here and in
/// `Python/ssz_reference.py`, root by root; bit fields and basic values also compare their
/// serialisation. Fails, never skips, when python3 or remerkleable is missing.
@Suite struct RemerkleableDifferentialTests {
    static let samplesPerType = 102

    private struct Request: Encodable {
        let type: String
        let values: [JSONValue]
    }

    private struct Reply: Decodable {
        let roots: [String]
        let ssz: [String]
    }

    private func compare(_ c: DifferentialCase) throws {
        let seed = try TestSeed.value()
        var rng = TestSeed.rng(seed, for: c.name)
        let samples = try c.samples(&rng, count: Self.samplesPerType)
        let reply = try PythonReference.run(
            "ssz_reference.py", Request(type: c.name, values: samples.map(\.json)), as: Reply.self)
        try #require(reply.roots.count == samples.count && reply.ssz.count == samples.count)
        // Report the first difference of each kind and how many there were, not one per value.
        let rootMismatches = samples.indices.filter { hexString(samples[$0].root.bytes) != reply.roots[$0] }
        if let i = rootMismatches.first {
            Issue.record("""
                \(c.name): \(rootMismatches.count) of \(samples.count) roots differ; first at value \(i): \
                ours \(hexString(samples[i].root.bytes)), remerkleable \(reply.roots[i]) \
                (replay with ETHERKEEP_TEST_SEED=\(seed))
                """)
        }
        let sszMismatches = samples.indices.filter { samples[$0].matchesSSZ(hexBytes(reply.ssz[$0])) == false }
        if let i = sszMismatches.first {
            Issue.record("""
                \(c.name): \(sszMismatches.count) serialisations differ; first at value \(i), \
                remerkleable \(reply.ssz[i]) (replay with ETHERKEEP_TEST_SEED=\(seed))
                """)
        }
    }

    @Test(arguments: DifferentialCase.containers)
    func containerRootsMatchRemerkleable(_ c: DifferentialCase) throws { try compare(c) }

    @Test(arguments: DifferentialCase.generalTypes)
    func generalTypeRootsMatchRemerkleable(_ c: DifferentialCase) throws { try compare(c) }
}

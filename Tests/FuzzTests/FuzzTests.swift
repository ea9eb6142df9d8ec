import FuzzTargets
import Testing

/// The seeded random-mutation fuzz run: every target gets an equal share of
/// `ETHERKEEP_FUZZ_SECONDS` (default 60 s in all), from the fixed seed or `ETHERKEEP_FUZZ_SEED`.
/// A target passes when every input returned or threw the parser's own error and every round trip
/// held; a crash kills the test process, and the crash reporter prints the input first.
@Suite(.serialized) struct FuzzTests {
    static let configuration = FuzzConfiguration.fromEnvironment()

    @Test(arguments: FuzzCatalog.all.map(\.name))
    func fuzz(_ name: String) async throws {
        let target = try #require(FuzzCatalog.named(name))
        let config = Self.configuration
        let seconds = config.totalSeconds / Double(FuzzCatalog.all.count)
        print("fuzz: seed 0x\(String(config.seed, radix: 16)) (ETHERKEEP_FUZZ_SEED), \(name) for \(seconds) s (ETHERKEEP_FUZZ_SECONDS / \(FuzzCatalog.all.count))")
        let report = try await FuzzRunner.run(target, seed: config.seed, seconds: seconds)
        print("fuzz: \(report)")
        for failure in report.failures {
            Issue.record("\(name): \(failure.reason); input (hex): \(failure.input.fuzzHex.prefix(8192))")
        }
    }
}

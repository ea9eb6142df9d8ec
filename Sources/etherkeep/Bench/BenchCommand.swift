import ArgumentParser

/// `etherkeep bench …`: benchmarks that print figures beside a reference implementation.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (build with -c release); each prints figures beside its reference, measured in the same run.",
        subcommands: [BenchBLS.self, BenchAccounts.self, DepositBenchCommand.self, BenchSlashingProtection.self, BenchSigner.self, BenchSignerMemory.self, BenchEth1.self]
    )
}
